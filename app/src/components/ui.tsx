// The few primitives the pages share: real buttons and inputs with labels,
// visible focus, and statuses that never rely on colour alone.
import type {
  ButtonHTMLAttributes,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { useId } from 'react';
import type { Described } from '../lib/errors.js';

const cx = (...c: (string | false | null | undefined)[]) => c.filter(Boolean).join(' ');

type Variant = 'primary' | 'secondary' | 'danger';
const VARIANTS: Record<Variant, string> = {
  primary: 'bg-indigo-700 text-white hover:bg-indigo-800',
  secondary: 'bg-white text-slate-900 border border-slate-400 hover:bg-slate-100',
  danger: 'bg-red-700 text-white hover:bg-red-800',
};

export function Button({
  variant = 'primary',
  busy = false,
  className,
  children,
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; busy?: boolean }) {
  return (
    <button
      type="button"
      aria-busy={busy || undefined}
      className={cx(
        'inline-flex items-center justify-center gap-2 rounded-md px-3 py-2 text-sm font-medium',
        'focus-visible:outline focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-indigo-500',
        'disabled:cursor-not-allowed disabled:opacity-60',
        VARIANTS[variant],
        className,
      )}
      {...rest}
      disabled={rest.disabled || busy}
    >
      {busy ? (
        <span
          aria-hidden="true"
          className="size-3 animate-spin rounded-full border-2 border-current border-t-transparent motion-reduce:animate-none"
        />
      ) : null}
      {children}
    </button>
  );
}

const inputClass =
  'w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm text-slate-900 focus-visible:outline focus-visible:outline-2 focus-visible:outline-indigo-500';

interface FieldProps {
  label: string;
  hint?: ReactNode;
  error?: string | null | undefined;
}

/** The props every control of a field gets: its id, style and the texts that describe it. */
interface ControlProps {
  id: string;
  className: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A labelled field with its hint and error; `control` renders the input itself. */
function Field({ label, hint, error, control }: FieldProps & { control: (p: ControlProps) => ReactNode }) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-800">
        {label}
      </label>
      {control({
        id,
        className: inputClass,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs font-medium text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, error, ...rest }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  return <Field label={label} hint={hint} error={error} control={(p) => <input {...p} {...rest} />} />;
}

export function TextArea({ label, hint, error, ...rest }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <Field label={label} hint={hint} error={error} control={(p) => <textarea {...p} {...rest} />} />;
}

export function Select({
  label,
  hint,
  error,
  options,
  ...rest
}: FieldProps & SelectHTMLAttributes<HTMLSelectElement> & { options: readonly { value: string; label: string }[] }) {
  return (
    <Field
      label={label}
      hint={hint}
      error={error}
      control={(p) => (
        <select {...p} {...rest}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

/**
 * Binds a form field to one key of a form of strings: `<TextField label="Name" {...bind('name')} />`
 * gives its value, its change handler and its error.
 */
export function binder<T extends { [K in keyof T]: string }>(
  form: T,
  setForm: (next: T) => void,
  errors: Partial<Record<keyof T, string>> = {},
) {
  return (key: keyof T) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
    error: errors[key],
  });
}

export function Card({
  title,
  children,
  className,
  actions,
}: {
  title?: ReactNode;
  children: ReactNode;
  className?: string;
  actions?: ReactNode;
}) {
  return (
    <section className={cx('rounded-lg border border-slate-300 bg-white p-4 shadow-sm', className)}>
      {title || actions ? (
        <div className="mb-3 flex items-center justify-between gap-2">
          {title ? <h2 className="text-lg font-semibold text-slate-900">{title}</h2> : <span />}
          {actions}
        </div>
      ) : null}
      {children}
    </section>
  );
}

export function Badge({
  children,
  tone = 'slate',
}: {
  children: ReactNode;
  tone?: 'slate' | 'green' | 'amber' | 'red' | 'indigo';
}) {
  const tones = {
    slate: 'bg-slate-100 text-slate-800 border-slate-300',
    green: 'bg-green-50 text-green-900 border-green-300',
    amber: 'bg-amber-50 text-amber-900 border-amber-300',
    red: 'bg-red-50 text-red-900 border-red-300',
    indigo: 'bg-indigo-50 text-indigo-900 border-indigo-300',
  };
  return (
    <span className={cx('inline-block rounded border px-2 py-0.5 text-xs font-medium', tones[tone])}>{children}</span>
  );
}

/** An inline message; errors are announced (role=alert), others politely. */
export function Notice({
  tone = 'info',
  title,
  children,
}: {
  tone?: 'info' | 'warning' | 'error' | 'success';
  title?: string;
  children: ReactNode;
}) {
  const tones = {
    info: 'border-slate-300 bg-slate-50 text-slate-900',
    warning: 'border-amber-400 bg-amber-50 text-amber-950',
    error: 'border-red-400 bg-red-50 text-red-950',
    success: 'border-green-400 bg-green-50 text-green-950',
  };
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={cx('rounded-md border p-3 text-sm', tones[tone])}>
      {title ? <p className="font-semibold">{title}</p> : null}
      <div>{children}</div>
    </div>
  );
}

/** A failed transaction's message, with the program logs behind a disclosure. */
export function TxError({ error }: { error: Described | null }) {
  if (!error) return null;
  if (error.kind === 'cancelled') return <Notice tone="info">{error.message}</Notice>;
  return (
    <Notice
      tone="error"
      title={error.kind === 'program' ? 'The program refused the transaction' : 'Transaction failed'}
    >
      <p>{error.message}</p>
      {error.logs?.length ? (
        <details className="mt-2">
          <summary className="cursor-pointer">Details</summary>
          <pre className="mt-1 max-h-48 overflow-auto text-xs whitespace-pre-wrap">{error.logs.join('\n')}</pre>
        </details>
      ) : null}
    </Notice>
  );
}

/** A line announcing what is going on (uploading, sending batch 2 of 3…); nothing when there is nothing to say. */
export function StatusLine({ text }: { text: string | null }) {
  return text ? (
    <p role="status" className="text-sm">
      {text}
    </p>
  ) : null;
}

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="text-sm text-slate-700">
      Loading {what}…
    </p>
  );
}

export function Stat({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-base font-semibold text-slate-900">{value}</dd>
    </div>
  );
}

export { cx };
