/** Entry of the retrieval inspector's webview bundle (dist/webview/retrieval.js + retrieval.css). */
import { startWebview } from '../shared/start-webview';
import '../../media/webview/retrieval.css';
import { App } from './app';

startWebview(<App />);
