import { Image, View } from '@tarojs/components';
import { useMemo } from 'react';
import { qrDataUrl } from '../logic/qr';

/** A QR code drawn locally as a GIF data URL; sizePx is the side in device pixels. */
export function Qr({ text, sizePx, label }: { text: string; sizePx: number; label?: string }) {
  const qr = useMemo(() => (text ? qrDataUrl(text, 8, 2) : null), [text]);
  if (!qr) return null;
  return (
    <View className="qr" style={{ width: `${sizePx}px`, height: `${sizePx}px` }}>
      <Image
        className="qr__img"
        src={qr.url}
        style={{ width: `${sizePx}px`, height: `${sizePx}px` }}
        ariaLabel={label ?? text}
        nativeProps={{ alt: label ?? text }}
      />
    </View>
  );
}
