import { DEFAULT_EMERGENCY_KEYWORDS, emergencyWords, matchEmergency } from './emergency-keywords';

const defaults = (body: string) => matchEmergency(body, DEFAULT_EMERGENCY_KEYWORDS);

describe('matchEmergency', () => {
  it('finds a keyword in any case, with any punctuation around or inside a phrase', () => {
    expect(defaults('BURST PIPE!!')).toBe('burst pipe');
    expect(defaults('help, burst-pipe in the kitchen')).toBe('burst pipe');
    expect(defaults('burst\n  pipe')).toBe('burst pipe');
    expect(defaults('my basement is flooding')).toBe('flooding');
    expect(defaults('I smell gas.')).toBe('smell gas');
    expect(defaults('Carbon Monoxide alarm going off')).toBe('carbon monoxide');
    expect(defaults('"Fire"')).toBe('fire');
  });

  it('reads compatibility forms as plain letters (NFKC)', () => {
    // Full-width letters, as some phone keyboards send them.
    expect(defaults('ＦＬＯＯＤ in the basement')).toBe('flood');
    // The "ﬁ" ligature.
    expect(defaults('there is a ﬁre')).toBe('fire');
  });

  it('never matches inside another word', () => {
    expect(defaults('my gasket needs replacing')).toBeNull();
    expect(defaults('quote for a fireplace insert')).toBeNull();
    expect(defaults('the floodlight is out')).toBeNull();
    expect(defaults('leakproof fittings?')).toBeNull();
    expect(defaults('bleak day, no rush')).toBeNull();
  });

  it('leaves routine requests alone: gas, heat and hot water only in the phrases that make them urgent', () => {
    expect(defaults('Can I get a quote for a gas water heater?')).toBeNull();
    expect(defaults('heat pump service next week')).toBeNull();
    expect(defaults('no hot water since this morning')).toBeNull();
    expect(defaults('We have no heat and a baby at home')).toBe('no heat');
    expect(defaults('there is a gas leak')).toBe('gas leak');
  });

  it('prefers the longest (most specific) keyword, then the first listed', () => {
    expect(matchEmergency('burst pipe', ['burst', 'burst pipe'])).toBe('burst pipe');
    expect(matchEmergency('leak and fire', ['fire', 'leak'])).toBe('fire');
  });

  it("takes a business's own list as given, normalised the same way, and ignores empty words", () => {
    const own = ['Water-Heater Leak', '!!!', 'ROOF'];
    expect(matchEmergency('water heater leak downstairs', own)).toBe('Water-Heater Leak');
    expect(matchEmergency('roof caved in', own)).toBe('ROOF');
    expect(matchEmergency('!!!', own)).toBeNull();
    // Its own list replaces the defaults entirely.
    expect(matchEmergency('burst pipe', own)).toBeNull();
  });

  it('has no match for an empty or missing text', () => {
    expect(defaults('')).toBeNull();
    expect(defaults('   ')).toBeNull();
    expect(matchEmergency(null, DEFAULT_EMERGENCY_KEYWORDS)).toBeNull();
    expect(matchEmergency('flood', [])).toBeNull();
  });
});

describe('emergencyWords', () => {
  it('is lower case words separated by single spaces', () => {
    expect(emergencyWords('  No-Heat!!  since 6am… ')).toBe('no heat since 6am');
    expect(emergencyWords("can't")).toBe('can t');
  });
});
