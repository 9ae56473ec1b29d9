/** Entry of the trace panel's webview bundle (dist/webview/trace.js + trace.css). */
import '../../media/webview/trace.css';
import { startWebview } from '../shared/start-webview';
import { App } from './app';

startWebview(<App />);
