import { Field, type FieldProps } from "./field";

/** A Field for an e-mail address: the e-mail keyboard and autofill, no capitals, no spell check. */
export function EmailField(props: Omit<FieldProps, "type">) {
  return <Field type="email" autoComplete="email" autoCapitalize="none" spellCheck={false} {...props} />;
}
