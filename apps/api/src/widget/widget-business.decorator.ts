import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { WidgetBusiness } from '@app/database';

/** What the widget's intake leaves on a request it let through: the business its X-Widget-Token names. */
export interface WidgetScopedRequest {
  widgetBusiness?: WidgetBusiness;
}

/**
 * The business a widget request acts for, as the intake (widget-intake.ts) found it from the
 * token. A route that takes it without the intake having run is a programming error, refused.
 */
export const CurrentWidgetBusiness = createParamDecorator((_: unknown, context: ExecutionContext): WidgetBusiness => {
  const { widgetBusiness } = context.switchToHttp().getRequest<WidgetScopedRequest>();
  if (!widgetBusiness) throw new Error('@CurrentWidgetBusiness() on a route the widget intake did not scope');
  return widgetBusiness;
});
