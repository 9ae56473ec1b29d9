/** Entry of the compare panel's webview bundle (dist/webview/compare.js + compare.css). */
import '../../media/webview/trace.css';
import '../../media/webview/compare.css';
import { startWebview } from '../shared/start-webview';
import { App } from './app';

startWebview(<App />);
