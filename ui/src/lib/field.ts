// How a form control is tied to its hint and its problem (components/Field.svelte), kept apart
// from the component so the rule is tested on its own (field.test.ts).

/** The attributes a control takes inside a `<Field>`. */
export type ControlAttrs = {
  'aria-invalid': boolean;
  'aria-describedby': string;
};

/** `id` is the field's own id ($props.id()); the problem's element is `${id}-m`, the hint's
 * `${id}-h`. The problem's element is always there (empty when all is well), so the control
 * stays described by it and a problem that appears is announced. */
export function controlAttrs(id: string, message: string, hasHint: boolean): ControlAttrs {
  return {
    'aria-invalid': message.trim() !== '',
    'aria-describedby': hasHint ? `${id}-h ${id}-m` : `${id}-m`,
  };
}
