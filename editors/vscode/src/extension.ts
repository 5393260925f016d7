// modelfit for VS Code: runs `modelfit lsp` through vscode-languageclient (diagnostics, quick
// fixes, hover, inlay hints come from the server as they are), adds the draft/verify commands and
// *Show model reasoning*, a status-bar item, and sends the `modelfit.*` settings to the server.
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, DocumentSelector, LanguageClient, LanguageClientOptions, RevealOutputChannelOn,
  ServerOptions, Trace,
} from 'vscode-languageclient/node';
import { EDITOR_COMMANDS, runOnSelection, showReasoning } from './commands';
import { findServer, INSTALL_URL } from './server';
import { contributedKeys, serverSettings } from './settings';
import { StatusItem } from './status';

/** Prompt files by pattern (VS Code ≥ 1.100 gives *.prompt.md its own `prompt` language), plus source code. */
const FILE_PATTERNS = ['*.prompt.md', '*.instructions.md', '*.agent.md', '*.chatmode.md', '*.prompt', '*.prompty', 'modelfit.toml'];
const LANGUAGES = ['python', 'javascript', 'typescript', 'typescriptreact', 'go', 'rust'];
export const SELECTOR: DocumentSelector = [
  ...FILE_PATTERNS.map((p) => ({ scheme: 'file', pattern: `**/${p}` })),
  ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
];

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let keys: string[] = [];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('modelfit', { log: true });
  keys = contributedKeys(context.extension.packageJSON);
  const status = new StatusItem(() => client, SELECTOR);
  context.subscriptions.push(output, status);

  for (const c of EDITOR_COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(c.id, () => {
      const selection = vscode.window.activeTextEditor?.selection ?? new vscode.Selection(0, 0, 0, 0);
      return runOnSelection(client, c.server(selection), c.title);
    }));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('modelfit.editor.showReasoning', () => showReasoning(client)),
    vscode.commands.registerCommand('modelfit.editor.restart', async () => { await stop(); await start(); status.schedule(); }),
    vscode.commands.registerCommand('modelfit.editor.showLog', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('modelfit')) return;
      if (e.affectsConfiguration('modelfit.path')) {
        await stop();
        await start();
      } else if (e.affectsConfiguration('modelfit.trace.server')) {
        await client?.setTrace(Trace.fromString(vscode.workspace.getConfiguration('modelfit').get('trace.server', 'off')));
      } else if (client?.isRunning()) {
        await client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings(keys) });
      }
      status.schedule();
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => updateContext(editor)),
    { dispose: () => void stop() },
  );
  updateContext(vscode.window.activeTextEditor);
  await start();
  status.schedule();
}

export function deactivate(): Thenable<void> | undefined {
  return stop();
}

/** `modelfit.editableFile` shows the commands in the editor's context menu for files we serve. */
function updateContext(editor: vscode.TextEditor | undefined): void {
  const served = !!editor && vscode.languages.match(SELECTOR as vscode.DocumentSelector, editor.document) > 0;
  void vscode.commands.executeCommand('setContext', 'modelfit.editableFile', served);
}

async function start(): Promise<void> {
  const found = findServer(vscode.workspace.getConfiguration('modelfit').get<string>('path', '').trim());
  if ('error' in found) {
    output.appendLine(found.error);
    const choice = await vscode.window.showErrorMessage(found.error, 'Install instructions', 'Open settings');
    if (choice === 'Install instructions') void vscode.env.openExternal(vscode.Uri.parse(INSTALL_URL));
    if (choice === 'Open settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'modelfit.path');
    return;
  }
  output.appendLine(`starting ${found.command} lsp`);
  // No `transport`: with TransportKind.stdio the client would append `--stdio`, which `modelfit lsp` rejects.
  const serverOptions: ServerOptions = { command: found.command, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    initializationOptions: serverSettings(keys),
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/modelfit.toml') },
  };
  client = new LanguageClient('modelfit', 'modelfit', serverOptions, clientOptions);
  try {
    await client.start();
    await client.setTrace(Trace.fromString(vscode.workspace.getConfiguration('modelfit').get('trace.server', 'off')));
  } catch (e) {
    const message = `modelfit: the language server (${found.command} lsp) did not start: ${e instanceof Error ? e.message : String(e)}`;
    output.appendLine(message);
    void vscode.window.showErrorMessage(message, 'Show log').then((c) => c && output.show(true));
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running?.isRunning()) await running.stop().catch(() => undefined);
}
