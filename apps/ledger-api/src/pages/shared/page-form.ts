import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { validationProblem } from '../../problem-details/validation-problem.js';

/** A form the user got wrong: which of the fields they type are invalid, and what they typed, to show it again. */
export interface FormToFix {
  readonly invalid: ReadonlySet<string>;
  readonly values: Readonly<Record<string, string>>;
}

export type FormRead<Form> = { readonly ok: true; readonly form: Form } | { readonly ok: false; readonly toFix: FormToFix };

/**
 * A form with fields people type, read by the page rather than by the global pipe (its handler takes the body as a
 * plain object, which the pipe leaves alone), with the same rules: a value the browser let through (`bad id!` for
 * a partner id) shows the form again, the message next to its field, in the page's language, what was typed kept.
 * An invalid field nobody types (the hidden ones, an unknown one: a form no page of ours made) is the usual 400.
 */
export const readForm = async <Form extends object>(type: ClassConstructor<Form>, body: unknown, shown: readonly string[], typed: readonly string[]): Promise<FormRead<Form>> => {
  const plain = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const form = plainToInstance(type, plain);
  const errors = await validate(form, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { ok: true, form };
  if (errors.some((error) => !typed.includes(error.property))) throw validationProblem(errors);
  return { ok: false, toFix: { invalid: new Set(errors.map((error) => error.property)), values: typedValues(plain, shown) } };
};

/** What was typed in the `shown` fields of a posted form, to show it again. */
export const typedValues = (body: Readonly<Record<string, unknown>>, shown: readonly string[]): Record<string, string> =>
  Object.fromEntries(shown.flatMap((name) => (typeof body[name] === 'string' ? [[name, body[name]]] : [])));
