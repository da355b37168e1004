/**
 * The H5 back button: one real <button> fixed at the top left, shown on every sub-page (see
 * logic/navigation.ts). Drawn on document.body so no page has to remember it.
 */
import Taro from '@tarojs/taro';
import { t } from '../logic/i18n';
import { backAction, needsBackButton, pageOfRoute } from '../logic/navigation';
import { currentLang } from './prefs';
import { currentSession } from './session';

export function installBackButton(): void {
  if (typeof document === 'undefined') return;
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'back-button';
  button.addEventListener('click', () => {
    const action = backAction(Taro.getCurrentPages().length, currentSession()?.user.role ?? null);
    if (action.kind === 'back') Taro.navigateBack();
    else if (action.tab) Taro.switchTab({ url: action.url });
    else Taro.reLaunch({ url: action.url });
  });
  const update = () => {
    const show = needsBackButton(pageOfRoute(window.location.hash));
    const lang = currentLang();
    const label = t('common.back', lang);
    // what a screen reader reads the page in
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    button.textContent = `‹ ${label}`;
    button.setAttribute('aria-label', label);
    if (show && !button.isConnected) document.body.append(button);
    if (!show && button.isConnected) button.remove();
    document.body.classList.toggle('has-back', show);
    // a page that scrolls must be reachable by keyboard (Taro's page containers are plain divs)
    setTimeout(() => {
      document.querySelectorAll('.taro_page:not([tabindex])').forEach((el) => {
        el.setAttribute('tabindex', '0');
      });
    }, 300);
  };
  // Taro's router pushes history states (no hashchange): it announces each page change itself.
  Taro.eventCenter.on('__afterTaroRouterChange', update);
  window.addEventListener('hashchange', update);
  window.addEventListener('popstate', update);
  update();
}
