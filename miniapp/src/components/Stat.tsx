import { Text, View } from '@tarojs/components';

/** One big figure with its caption, as on the overview pages. */
export function Stat({ value, label }: { value: string | number; label: string }) {
  return (
    <View>
      <Text className="stat__value">{value}</Text>
      <Text className="stat__label">{label}</Text>
    </View>
  );
}
