import { Text, View } from '@tarojs/components';
import { Btn } from './Btn';

/** An empty or failed screen; with onRetry it offers to try again (error screens always should). */
export function Empty({
  title,
  hint,
  onRetry,
  retryLabel,
}: {
  title: string;
  hint?: string;
  onRetry?: () => void;
  retryLabel?: string;
}) {
  return (
    <View className="empty">
      <Text className="empty__title">{title}</Text>
      {hint ? <Text className="empty__hint">{hint}</Text> : null}
      {onRetry && retryLabel ? (
        <Btn kind="secondary" onClick={onRetry}>
          {retryLabel}
        </Btn>
      ) : null}
    </View>
  );
}
