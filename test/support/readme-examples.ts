import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One shell command of a README example (continuation lines joined), and the comment lines just before it. */
export interface ReadmeCommand {
  block: number;
  line: number;
  text: string;
  comment: string;
  /** The output the README shows for it: a `# {...}` line right after the command. */
  shownOutput: string | null;
}

/**
 * The README's ```sh blocks as commands, in reading order: the curl calls and the variables
 * they use. A command runs on while a line ends in `\` or a single quote is still open (JSON
 * bodies span lines). Anything else (`npm …`, `docker …`) is left out: those are tested by
 * their own suites, or not here.
 */
export function readmeShellCommands(path = join(__dirname, '..', '..', 'README.md')): ReadmeCommand[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const commands: ReadmeCommand[] = [];
  let block = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```sh') continue;
    block++;
    const body: Array<{ text: string; line: number }> = [];
    for (i++; i < lines.length && lines[i].trim() !== '```'; i++) body.push({ text: lines[i].trim(), line: i + 1 });
    let comment: string[] = [];
    for (let j = 0; j < body.length; j++) {
      const { text, line } = body[j];
      if (!text) continue;
      if (text.startsWith('#')) {
        const last = commands[commands.length - 1];
        if (/^# [{[]/.test(text) && last?.block === block && last.shownOutput === null && comment.length === 0)
          last.shownOutput = text.slice(2);
        else comment.push(text.slice(1).trim());
        continue;
      }
      let command = text;
      while ((command.endsWith('\\') || quotesOpen(command)) && j + 1 < body.length)
        command = `${command.replace(/\\$/, '')} ${body[++j].text}`;
      if (command.startsWith('curl ') || SETS_VARIABLE.test(command))
        commands.push({ block, line, text: command, comment: comment.join(' '), shownOutput: null });
      comment = [];
    }
  }
  return commands;
}

/** `export KEY=…`, `START=$(date …); END=…`: what later examples rely on. */
const SETS_VARIABLE = /^(export\s+)?[A-Z_][A-Z0-9_]*=/;
const quotesOpen = (text: string) => (text.match(/'/g)?.length ?? 0) % 2 === 1;

/** `POST /api/campaigns/<id>/launch`: what a curl command calls, its query left out. */
export function curlSignature(command: string): string {
  const url = command.match(/https?:\/\/[^\s'"]+/)?.[0] ?? '';
  const path = new URL(url.replace(/<id>/g, 'ID')).pathname.replace(/ID/g, '<id>');
  const method = command.match(/-X\s+([A-Z]+)/)?.[1] ?? (/\s-d\s/.test(command) ? 'POST' : 'GET');
  return `${method} ${path}`;
}
