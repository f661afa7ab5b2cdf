/** A saved template is never replaced unasked: saving or importing under a name in use is refused. */
import { BridgeFailure } from '../bridge/failure.ts';
import { mappingSchema, type Mapping } from '../../core/index.ts';
import type { TemplateStore } from '../storage/templates.ts';

/**
 * Refuses (code `template_exists`) when a template of `name` is saved and `replace` was not given: the
 * renderer then asks the clerk whether to replace it or save under another name. Saving the very
 * template saved under that name (the same file loaded again each week) replaces nothing: not asked.
 */
export async function refuseNameInUse(
  templates: TemplateStore,
  name: string,
  replace: boolean | undefined,
  mapping: Mapping,
): Promise<void> {
  if (replace || !(await templates.names()).includes(name)) return;
  // Both as the store reads them back (the schema's own key order), so that equal means equal.
  const saved = await templates.load(name).catch(() => null);
  const given = mappingSchema.safeParse(mapping);
  if (saved === null || !given.success || JSON.stringify(saved) !== JSON.stringify(given.data))
    throw new BridgeFailure(
      'template_exists',
      `A template named “${name}” is saved already: replace it, or save this one under another name.`,
    );
}
