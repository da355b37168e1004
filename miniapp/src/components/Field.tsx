import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * A labelled form field with its error underneath (large type, as every form in the app). In h5 it is
 * a real <label>, so the input inside is named by it for screen readers and a tap on the text
 * focuses the input; weapp has no such element and reads the text beside it.
 */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  const inner = (
    <>
      <Text className="field__label">{label}</Text>
      {children}
      {error ? (
        <Text className="field__error" {...(process.env.TARO_ENV === 'h5' ? { role: 'alert' } : {})}>
          {error}
        </Text>
      ) : null}
    </>
  );
  if (process.env.TARO_ENV === 'h5') {
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child (Taro's input renders one)
    return <label className="field">{inner}</label>;
  }
  return <View className="field">{inner}</View>;
}
