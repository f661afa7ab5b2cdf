/** A saved template is never replaced unasked: saving or importing under a name in use is refused. */
import { BridgeFailure } from '../bridge/failure.ts';
import type { TemplateStore } from '../storage/templates.ts';

/**
 * Refuses (code `template_exists`) when a template of `name` is saved and `replace` was not given: the
 * renderer then asks the clerk whether to replace it or save under another name.
 */
export async function refuseNameInUse(
  templates: TemplateStore,
  name: string,
  replace: boolean | undefined,
): Promise<void> {
  if (replace) return;
  if ((await templates.names()).includes(name))
    throw new BridgeFailure(
      'template_exists',
      `A template named “${name}” is saved already: replace it, or save this one under another name.`,
    );
}
