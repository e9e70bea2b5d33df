import './style.css';
import { app, parsed } from './page/app.ts';
import { initControls } from './page/controls.ts';
import { initModelFiles } from './page/modelFiles.ts';
import { say } from './page/notes.ts';
import { play } from './page/playing.ts';
import { build } from './page/session.ts';
import { writeControls } from './page/setupView.ts';

/**
 * The playground page: reads the setup from the URL, builds the data and the network, hands
 * training to the worker, and draws what comes back. The parts live in page/: the shared
 * state (app.ts), the controls and the URL (controls.ts, setupView.ts, layerEditor.ts), the
 * session with the worker (session.ts), the drawing (render.ts, digits.ts), the backprop
 * stepper (stepperPanel.ts) and model files (modelFiles.ts).
 */
// The package declares no side effects, so the page's wiring runs from here, not on import.
initControls();
initModelFiles();
writeControls();
say(parsed.notes.join('; '));
void build(true).then(() => {
  if (app.setup.autoplay && app.problem !== undefined && app.network !== undefined) play();
  document.body.dataset.ready = '1';
});
