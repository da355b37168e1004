import type { PropsWithChildren } from 'react';
import './app.css';
import { installBackButton } from './services/backButton';

// The browser build has no navigation bar: draw the back button on sub-pages (weapp has its own).
if (process.env.TARO_ENV === 'h5') installBackButton();

function App({ children }: PropsWithChildren) {
  // children is the page being shown
  return children;
}

export default App;
