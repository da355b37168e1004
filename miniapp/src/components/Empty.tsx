import { Text, View } from '@tarojs/components';

export function Empty({ title, hint }: { title: string; hint?: string }) {
  return (
    <View className="empty">
      <Text className="empty__title">{title}</Text>
      {hint ? <Text className="empty__hint">{hint}</Text> : null}
    </View>
  );
}
