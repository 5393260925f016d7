-- modelfit for Neovim: registers `modelfit lsp` (diagnostics, quick fixes, hover, inlay hints come
-- from the server) and adds the draft/verify commands, which run the server's
-- workspace/executeCommand on the cursor or a visual range, and :ModelfitShowReasoning, which shows
-- what the model reasoned during the last of them. Progress arrives as LspProgress.
--
--   require('modelfit').setup({
--     cmd = { 'modelfit', 'lsp' },       -- or an absolute path to the binary
--     settings = { analysis = { ['confidence-threshold'] = 0.4 } },   -- same keys as modelfit.toml
--   })
local M = {}

M.defaults = {
  cmd = { 'modelfit', 'lsp' },
  -- *.prompt.md, *.instructions.md, *.agent.md and *.chatmode.md are markdown in Neovim.
  filetypes = { 'markdown', 'dotprompt', 'prompty', 'toml', 'python', 'javascript', 'javascriptreact',
    'typescript', 'typescriptreact', 'go', 'rust' },
  root_markers = { 'modelfit.toml', '.git' },
  -- Sent as initializationOptions and workspace/didChangeConfiguration; they win over modelfit.toml.
  settings = {},
  -- Show the server's progress ("drafting… 120 tokens") with vim.notify.
  progress = true,
}

M.config = vim.deepcopy(M.defaults)

local has_011 = vim.fn.has('nvim-0.11') == 1

--- The modelfit client attached to `bufnr`, if any.
function M.client(bufnr)
  local clients = vim.lsp.get_clients({ bufnr = bufnr or 0, name = 'modelfit' })
  return clients[1]
end

local function notify(msg, level)
  vim.notify('modelfit: ' .. msg, level or vim.log.levels.INFO)
end

-- The range a command acts on: the visual selection when the command was given one (charwise
-- columns from the '< '> marks), else the cursor (an empty range: the server takes the prompt or
-- AI comment under it).
local function command_range(bufnr, client, opts)
  local enc = client.offset_encoding or 'utf-16'
  if opts and opts.range and opts.range > 0 then
    local s, e = vim.api.nvim_buf_get_mark(bufnr, '<'), vim.api.nvim_buf_get_mark(bufnr, '>')
    if s[1] ~= opts.line1 or e[1] ~= opts.line2 then -- a :range, not a visual selection: whole lines
      s, e = { opts.line1, 0 }, { opts.line2, math.huge }
    end
    -- Marks are inclusive (linewise visual puts '> past the end); make_given_range_params adds
    -- one to the end column itself, so clamp it to the line's last character.
    local last = vim.api.nvim_buf_get_lines(bufnr, e[1] - 1, e[1], false)[1] or ''
    e = { e[1], math.max(math.min(e[2], #last - 1), 0) }
    return vim.lsp.util.make_given_range_params(s, e, bufnr, enc).range
  end
  local pos = vim.lsp.util.make_position_params(0, enc).position
  return { start = pos, ['end'] = pos }
end

-- The modelfit client of `bufnr` if it offers `command`; otherwise says what is wrong and gives nil.
local function client_for(bufnr, command)
  local client = M.client(bufnr)
  if not client then
    notify('the language server is not attached to this buffer (is `modelfit` installed and on PATH?)', vim.log.levels.ERROR)
    return nil
  end
  local offered = vim.tbl_get(client.server_capabilities or {}, 'executeCommandProvider', 'commands') or {}
  if not vim.tbl_contains(offered, command) then
    notify(('this server has no `%s` command; update modelfit'):format(command), vim.log.levels.ERROR)
    return nil
  end
  return client
end

-- workspace/executeCommand `command` with its one argument object.
local function send(client, bufnr, command, argument, handler)
  local params = { command = command, arguments = { argument } }
  if has_011 then
    client:request('workspace/executeCommand', params, handler, bufnr)
  else
    client.request('workspace/executeCommand', params, handler, bufnr)
  end
end

--- Runs a server command (`modelfit.draftInsert`, `modelfit.verify`, …) on `bufnr`.
--- `done(err, result)` is called with the server's answer (`{ applied, message }` or
--- `{ findings, message }`); by default the message is shown.
function M.execute(command, opts, done)
  local bufnr = vim.api.nvim_get_current_buf()
  local client = client_for(bufnr, command)
  if not client then return end
  local argument = {
    uri = vim.uri_from_bufnr(bufnr),
    range = command_range(bufnr, client, opts),
    version = vim.lsp.util.buf_versions[bufnr],
  }
  done = done or function(err, result)
    if err then
      notify(err.message or vim.inspect(err), vim.log.levels.ERROR)
    elseif result and result.message then
      notify(result.message, (result.applied == false or (result.findings or 0) > 0) and vim.log.levels.WARN or nil)
    end
  end
  send(client, bufnr, command, argument, function(err, result) done(err, result) end)
end

-- A read-only scratch split holding `text` (the model's reasoning).
local function show_text(name, text)
  vim.cmd('botright new')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].buftype = 'nofile'
  vim.bo[buf].bufhidden = 'wipe'
  vim.bo[buf].swapfile = false
  vim.bo[buf].filetype = 'markdown'
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(text, '\n', { plain = true }))
  vim.bo[buf].modifiable = false
  -- A second window on the same reasoning keeps the first one's name.
  pcall(vim.api.nvim_buf_set_name, buf, name)
  return buf
end

--- Shows the reasoning the model streamed during the last draft or verification on the current
--- buffer (`modelfit.showReasoning`): the server keeps it, it never enters the document. It opens in
--- a scratch split; when none is kept, the server's message says so. `done(err, result)`, when
--- given, is called after that with the server's answer (`{ reasoning, message }`).
function M.show_reasoning(done)
  local bufnr = vim.api.nvim_get_current_buf()
  local command = 'modelfit.showReasoning'
  local client = client_for(bufnr, command)
  if not client then return end
  send(client, bufnr, command, { uri = vim.uri_from_bufnr(bufnr) }, function(err, result)
    if err then
      notify(err.message or vim.inspect(err), vim.log.levels.ERROR)
    elseif result and type(result.reasoning) == 'string' and result.reasoning ~= '' then
      show_text('modelfit://reasoning', result.reasoning)
    elseif result and result.message then
      notify(result.message)
    end
    if done then done(err, result) end
  end)
end

local commands = {
  ModelfitDraft = function(opts)
    return (opts.range > 0) and 'modelfit.draftReplace' or 'modelfit.draftInsert'
  end,
  ModelfitVerify = function() return 'modelfit.verify' end,
  ModelfitDraftVerify = function() return 'modelfit.draftThenVerify' end,
  ModelfitDraftVerifyPolish = function() return 'modelfit.draftVerifyPolish' end,
}

local function register_filetypes()
  vim.filetype.add({ extension = { prompty = 'prompty', prompt = 'dotprompt' } })
end

local function start_on_010(config)
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('modelfit', { clear = true }),
    pattern = config.filetypes,
    callback = function(args)
      vim.lsp.start({
        name = 'modelfit',
        cmd = config.cmd,
        root_dir = vim.fs.root(args.buf, config.root_markers) or vim.fn.getcwd(),
        init_options = config.settings,
        settings = config.settings,
      }, { bufnr = args.buf })
    end,
  })
end

local function show_progress()
  vim.api.nvim_create_autocmd('LspProgress', {
    group = vim.api.nvim_create_augroup('modelfit-progress', { clear = true }),
    callback = function(ev)
      local client = vim.lsp.get_client_by_id(ev.data.client_id)
      local value = ev.data.params and ev.data.params.value
      if not (client and client.name == 'modelfit' and M.config.progress and type(value) == 'table') then return end
      local text = table.concat(vim.tbl_filter(function(s) return s and s ~= '' end,
        { value.title, value.message, value.percentage and (value.percentage .. '%') }), ' ')
      if text ~= '' then vim.notify('modelfit: ' .. text, vim.log.levels.INFO) end
    end,
  })
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  local config = M.config
  -- An empty Lua table would be sent as a JSON array; send nothing instead.
  if vim.tbl_isempty(config.settings) then config.settings = nil end
  register_filetypes()
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config('modelfit', {
      cmd = config.cmd,
      filetypes = config.filetypes,
      root_markers = config.root_markers,
      init_options = config.settings,
      settings = config.settings,
    })
    vim.lsp.enable('modelfit')
  else
    start_on_010(config)
  end
  for name, server_command in pairs(commands) do
    vim.api.nvim_create_user_command(name, function(o) M.execute(server_command(o), o) end,
      { range = true, desc = 'modelfit: ' .. name })
  end
  vim.api.nvim_create_user_command('ModelfitShowReasoning', function() M.show_reasoning() end,
    { desc = "modelfit: show the model's reasoning from the last draft or verification" })
  show_progress()
end

return M
