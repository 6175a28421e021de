import { Field } from "../components/Field";
import { codeLabel } from "./labels";

/**
 * A Dotloop code (a status, a transaction type) picked from `codes`, or none. A value
 * outside the list (Dotloop has more than the form offers) stays a choice, so opening a
 * deal never changes it.
 */
export function CodeSelect({
  label,
  value,
  codes,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  codes: readonly string[];
  onChange: (code: string) => void;
  testId: string;
}) {
  const choices = value && !codes.includes(value) ? [value, ...codes] : codes;
  return (
    <Field label={label}>
      <select className="select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">None</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {codeLabel(c)}
          </option>
        ))}
      </select>
    </Field>
  );
}
