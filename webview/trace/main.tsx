/** Entry of the trace panel's webview bundle (dist/webview/trace.js + trace.css). */
import { startWebview } from '../shared/start-webview';
import '../../media/webview/trace.css';
import { App } from './app';

startWebview(<App />);
