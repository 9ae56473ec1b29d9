/** Entry of the cost panel's webview bundle (dist/webview/cost.js + cost.css). */
import 'uplot/dist/uPlot.min.css';
import '../../media/webview/cost.css';
import { startWebview } from '../shared/start-webview';
import { App } from './app';

startWebview(<App />);
