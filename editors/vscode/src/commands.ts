// The draft/verify commands: palette and context-menu entries that call the server's
// `workspace/executeCommand` (CONTRACT: `modelfit.draftInsert`, `modelfit.verify`, …). Their ids
// differ from the server's, because vscode-languageclient registers the server's ids itself.
import * as vscode from 'vscode';
import {
  CancellationTokenSource, ExecuteCommandRequest, LanguageClient, WorkDoneProgress,
} from 'vscode-languageclient/node';

interface DraftResult { applied?: boolean; findings?: number; message?: string }

/** A palette command and the server command it runs (a draft replaces a non-empty selection). */
export const EDITOR_COMMANDS: { id: string; server: (selection: vscode.Selection) => string; title: string }[] = [
  { id: 'modelfit.editor.draft', title: 'Drafting with the general model',
    server: (s) => (s.isEmpty ? 'modelfit.draftInsert' : 'modelfit.draftReplace') },
  { id: 'modelfit.editor.verify', title: 'Verifying with the inference model', server: () => 'modelfit.verify' },
  { id: 'modelfit.editor.draftThenVerify', title: 'Drafting, then verifying', server: () => 'modelfit.draftThenVerify' },
  { id: 'modelfit.editor.draftVerifyPolish', title: 'Drafting, verifying, polishing', server: () => 'modelfit.draftVerifyPolish' },
];

let nextToken = 0;

/** Runs `command` on the active editor's selection, with a cancellable notification. */
export async function runOnSelection(client: LanguageClient | undefined, command: string, title: string): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('modelfit: open a prompt file or source file first.');
    return;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage('modelfit: the language server is not running. Run "modelfit: Restart server" or "modelfit: Show log".');
    return;
  }
  const offered = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!offered.includes(command)) {
    const version = client.initializeResult?.serverInfo?.version ?? 'unknown';
    void vscode.window.showErrorMessage(`modelfit: this server (version ${version}) has no \`${command}\` command; update modelfit.`);
    return;
  }
  const document = editor.document;
  const args = [{
    uri: client.code2ProtocolConverter.asUri(document.uri),
    range: client.code2ProtocolConverter.asRange(editor.selection),
    version: document.version,
  }];
  const token = `modelfit-command-${++nextToken}`;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `modelfit: ${title}`, cancellable: true },
    async (progress, cancel) => {
      // The server reports its phases on our token (and on one it creates, shown in the status bar).
      const listener = client.onProgress(WorkDoneProgress.type, token, (p) => {
        if (p.kind !== 'end' && p.message) progress.report({ message: p.message });
      });
      const source = new CancellationTokenSource();
      cancel.onCancellationRequested(() => source.cancel());
      try {
        return await client.sendRequest(ExecuteCommandRequest.type,
          { command, arguments: args, workDoneToken: token }, source.token) as DraftResult | null;
      } catch (e) {
        if (cancel.isCancellationRequested) return { applied: false, message: 'Cancelled.' };
        throw e;
      } finally {
        listener.dispose();
        source.dispose();
      }
    });
  const message = result?.message ?? 'done';
  if (result?.applied === false || (result?.findings ?? 0) > 0) {
    void vscode.window.showWarningMessage(`modelfit: ${message}`);
  } else {
    void vscode.window.showInformationMessage(`modelfit: ${message}`);
  }
}
