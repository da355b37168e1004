import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

/** A large button (at least 48 px tall); a View so it looks the same in weapp and h5. */
export function Btn({
  children,
  onClick,
  kind = 'primary',
  disabled = false,
  small = false,
}: {
  children: ReactNode;
  onClick?: () => void;
  kind?: 'primary' | 'secondary' | 'danger' | 'plain';
  disabled?: boolean;
  small?: boolean;
}) {
  const cls = ['btn', `btn--${kind}`, small ? 'btn--small' : '', disabled ? 'btn--disabled' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={cls}
      hoverClass={disabled ? 'none' : 'btn--hover'}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </View>
  );
}
