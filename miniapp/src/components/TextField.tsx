import { Input } from '@tarojs/components';
import { Field } from './Field';

/** A labelled one-line text input with its error underneath: the commonest field of every form. */
export function TextField({
  label,
  error,
  value,
  onInput,
  type,
  password,
  maxlength,
  placeholder,
}: {
  label: string;
  error?: string | undefined;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'number' | 'digit' | 'idcard';
  password?: boolean;
  maxlength?: number;
  placeholder?: string | undefined;
}) {
  return (
    <Field label={label} error={error}>
      <Input
        className="input"
        type={type}
        password={password}
        value={value}
        maxlength={maxlength}
        placeholder={placeholder}
        onInput={(e) => onInput(e.detail.value)}
      />
    </Field>
  );
}
