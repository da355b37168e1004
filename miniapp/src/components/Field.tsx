import { Text, View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A labelled form field with its error underneath (large type, as every form in the app). */
export function Field({
  label,
  error,
  children,
}: {
  label: string;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <View className="field">
      <Text className="field__label">{label}</Text>
      {children}
      {error ? <Text className="field__error">{error}</Text> : null}
    </View>
  );
}
