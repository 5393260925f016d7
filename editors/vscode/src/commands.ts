// The draft/verify commands and *Show model reasoning*: palette and context-menu entries that call
// the server's `workspace/executeCommand` (CONTRACT: `modelfit.draftInsert`, `modelfit.verify`, …,
// `modelfit.showReasoning`). Their ids differ from the server's, because vscode-languageclient
// registers the server's ids itself.
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

/** The server command that shows the reasoning kept from the last job on a document (`{uri}`). */
export const SHOW_REASONING = 'modelfit.showReasoning';

/** The active editor and the running client if the server offers `command`; otherwise says what is wrong. */
function ready(client: LanguageClient | undefined, command: string): { editor: vscode.TextEditor; client: LanguageClient } | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage('modelfit: open a prompt file or source file first.');
    return undefined;
  }
  if (!client || !client.isRunning()) {
    void vscode.window.showErrorMessage('modelfit: the language server is not running. Run "modelfit: Restart server" or "modelfit: Show log".');
    return undefined;
  }
  const offered = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!offered.includes(command)) {
    const version = client.initializeResult?.serverInfo?.version ?? 'unknown';
    void vscode.window.showErrorMessage(`modelfit: this server (version ${version}) has no \`${command}\` command; update modelfit.`);
    return undefined;
  }
  return { editor, client };
}

/** Runs `command` on the active editor's selection, with a cancellable notification. */
export async function runOnSelection(running: LanguageClient | undefined, command: string, title: string): Promise<void> {
  const found = ready(running, command);
  if (!found) return;
  const { editor, client } = found;
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

interface ReasoningResult { reasoning?: string | null; message?: string }

/**
 * Shows the reasoning the model streamed during the last draft or verification on the active
 * document: it opens beside it in an untitled Markdown editor (it never enters the document).
 * When none is kept, the server's message says so.
 */
export async function showReasoning(running: LanguageClient | undefined): Promise<void> {
  const found = ready(running, SHOW_REASONING);
  if (!found) return;
  const { editor, client } = found;
  const result = await client.sendRequest(ExecuteCommandRequest.type,
    { command: SHOW_REASONING, arguments: [{ uri: client.code2ProtocolConverter.asUri(editor.document.uri) }] }) as ReasoningResult | null;
  if (result?.reasoning) {
    const shown = await vscode.workspace.openTextDocument({ content: result.reasoning, language: 'markdown' });
    await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  } else {
    void vscode.window.showInformationMessage(`modelfit: ${result?.message ?? 'no reasoning is kept for this document'}`);
  }
}
