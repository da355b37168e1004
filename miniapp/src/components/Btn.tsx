import { View } from '@tarojs/components';
import type { ReactNode } from 'react';

/**
 * What a screen reader needs to treat a View as a button: in h5 a real role, focus and state
 * (Taro passes unknown attributes through to the element); in weapp WeChat's aria-role.
 */
export function buttonA11y(disabled: boolean, label?: string): Record<string, unknown> {
  if (process.env.TARO_ENV === 'h5') {
    return {
      role: 'button',
      tabIndex: disabled ? -1 : 0,
      'aria-disabled': disabled ? 'true' : undefined,
      'aria-label': label,
    };
  }
  return { ariaRole: 'button', ariaLabel: label };
}

/** A chip that chooses one of several (a filter, a report): a button that says whether it is chosen. */
export function chipA11y(on: boolean): Record<string, unknown> {
  if (process.env.TARO_ENV === 'h5')
    return { role: 'button', tabIndex: 0, 'aria-pressed': on ? 'true' : 'false' };
  return { ariaRole: 'button', ariaSelected: on };
}

/** A large button (at least 48 px tall); a View so it looks the same in weapp and h5. */
export function Btn({
  children,
  onClick,
  kind = 'primary',
  disabled = false,
  small = false,
  label,
}: {
  children: ReactNode;
  onClick?: () => void;
  kind?: 'primary' | 'secondary' | 'danger' | 'plain';
  disabled?: boolean;
  small?: boolean;
  /** What a screen reader says when the visible text is not enough. */
  label?: string;
}) {
  const cls = ['btn', `btn--${kind}`, small ? 'btn--small' : '', disabled ? 'btn--disabled' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <View
      className={cls}
      hoverClass={disabled ? 'none' : 'btn--hover'}
      onClick={disabled ? undefined : onClick}
      {...buttonA11y(disabled, label)}
    >
      {children}
    </View>
  );
}
