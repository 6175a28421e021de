import { UNKNOWN_ERROR_CODE } from "../api/commands";
import type { ErrorBody } from "../bindings/ErrorBody";
import { AlertIcon } from "./icons";

interface ErrorCalloutProps {
  error: ErrorBody;
  testId?: string;
}

export function ErrorCallout({ error, testId }: ErrorCalloutProps) {
  return (
    <div className="error-callout" data-testid={testId}>
      <AlertIcon className="error-callout__icon" />
      <div className="error-callout__text">
        <p className="error-callout__message">{error.message}</p>
        {/* The code helps support, but a placeholder code would only be noise. */}
        {error.code !== UNKNOWN_ERROR_CODE ? (
          <p className="error-callout__code">
            Error code: <code>{error.code}</code>
          </p>
        ) : null}
      </div>
    </div>
  );
}
