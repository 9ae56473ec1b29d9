/**
 * The getting-started walkthrough (package.json `contributes.walkthroughs`): its id, and marking
 * its steps done from the code that does the step.
 */
import * as vscode from 'vscode';

/** `<publisher>.<name>#<walkthrough id>`. */
export const WALKTHROUGH_ID = 'tracelight.tracelight#gettingStarted';

export type WalkthroughStep = 'sendTrace' | 'openTrace' | 'captureContent' | 'importFile';

/**
 * Marks a step done with VS Code's own `welcome.markStepComplete`. The steps' completion events
 * alone miss the usual cases: a tree item's click reaches VS Code as an internal delegating
 * command, not as `onCommand:tracelight.openTrace`, and VS Code starts its walkthrough service
 * lazily and never completes a step on a context key that was already true then. The command
 * stores the step as done even before the service knows the walkthrough (it then rejects, which
 * is harmless), so the step shows done whenever the walkthrough opens.
 */
export function completeWalkthroughStep(step: WalkthroughStep): void {
  void vscode.commands.executeCommand('welcome.markStepComplete', `${WALKTHROUGH_ID}#${step}`).then(undefined, () => undefined);
}
