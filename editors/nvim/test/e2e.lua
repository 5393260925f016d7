-- Headless Neovim end-to-end test of the modelfit plugin against the real `modelfit lsp`.
--   MODELFIT_BIN=... RESULT_JSON=out.json nvim --headless --clean -u e2e.lua
-- run from a workspace made by editors/support.sh (prompts/debug.prompt.md, prompts/blurb.prompt.md,
-- modelfit.toml for the llama.cpp server). Exit status: 0 pass, 1 a check failed, 2 Lua error,
-- 3 watchdog. Every step's time is in the JSON report.
local plugin = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h')
vim.opt.runtimepath:prepend(plugin)
local bin = os.getenv('MODELFIT_BIN') or error('MODELFIT_BIN not set')
local out_path = os.getenv('RESULT_JSON') or 'nvim_result.json'
local T = 20000

local R = { nvim = tostring(vim.version()), steps = {}, progress = {} }
local t0 = vim.uv.hrtime()
local function ms() return math.floor((vim.uv.hrtime() - t0) / 1e6) end
local function mark(name) R.steps[name] = ms(); io.stderr:write(('[%5d ms] %s\n'):format(ms(), name)) end

local function finish(code, why)
  R.ok = (code == 0)
  R.error = why
  vim.fn.writefile({ vim.json.encode(R) }, out_path)
  io.stderr:write((code == 0 and 'PASS' or ('FAIL: ' .. tostring(why))) .. '\n')
  vim.cmd(code == 0 and 'qall!' or ('cquit ' .. code))
end
local function check(ok, why) if not ok then error({ check = why }) end end

vim.defer_fn(function() finish(3, 'watchdog timeout') end, 300000)

local function modelfit_diags(bufnr)
  return vim.tbl_filter(function(d) return d.source == 'modelfit' end, vim.diagnostic.get(bufnr))
end

local function run()
  local modelfit = require('modelfit')
  modelfit.setup({ cmd = { bin, 'lsp' } })
  vim.api.nvim_create_autocmd('LspProgress', { callback = function(ev)
    local v = ev.data.params.value
    -- Keep the begin and end, and the count of reports in between (one per streamed token).
    if v.kind == 'report' then R.progress_reports = (R.progress_reports or 0) + 1
    else table.insert(R.progress, { kind = v.kind, title = v.title, message = v.message }) end
  end })

  -- 1. Diagnostics on a prompt file for a reasoning model that is told to think step by step.
  vim.cmd('edit prompts/debug.prompt.md')
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.wait(T, function() return modelfit.client(bufnr) ~= nil and modelfit.client(bufnr).initialized end, 20),
    'the modelfit client did not attach')
  mark('attached')
  check(vim.wait(T, function()
    return vim.iter(modelfit_diags(bufnr)):any(function(d) return d.code == 'chain-of-thought-for-reasoning-model' end)
  end, 20), 'no chain-of-thought-for-reasoning-model diagnostic: ' .. vim.inspect(vim.diagnostic.get(bufnr)))
  mark('diagnostics')
  R.diagnostics = vim.tbl_map(function(d) return { lnum = d.lnum, code = d.code, message = d.message } end, modelfit_diags(bufnr))

  -- 2. The quick fix, the way a user applies it (:lua vim.lsp.buf.code_action()).
  local d = vim.iter(modelfit_diags(bufnr)):find(function(x) return x.code == 'chain-of-thought-for-reasoning-model' end)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col })
  local title = 'Remove the chain-of-thought sentence'
  vim.lsp.buf.code_action({ apply = true, filter = function(a) return a.title == title end })
  check(vim.wait(T, function()
    local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
    return not text:find('Think step by step', 1, true)
  end, 20), 'the quick fix was not applied')
  R.fixed_line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]
  check(R.fixed_line == 'Reply with the root cause in one sentence and a minimal patch.',
    'unexpected text after the fix: ' .. vim.inspect(R.fixed_line))
  mark('quick_fix_applied')
  check(vim.wait(T, function()
    return not vim.iter(modelfit_diags(bufnr)):any(function(x) return x.code == 'chain-of-thought-for-reasoning-model' end)
  end, 20), 'the chain-of-thought diagnostic is still reported after the fix: ' .. vim.inspect(vim.tbl_map(function(x)
    return { ns = vim.diagnostic.get_namespace(x.namespace).name, lnum = x.lnum, version = x.user_data and x.user_data.lsp and x.user_data.lsp.data and x.user_data.lsp.data.version }
  end, vim.diagnostic.get(bufnr))) .. ' buffer version ' .. tostring(vim.lsp.util.buf_versions[bufnr]))
  mark('diagnostic_cleared')

  -- 3. :ModelfitDraft at the end of another prompt, against the llama.cpp server in modelfit.toml.
  vim.cmd('edit prompts/blurb.prompt.md')
  local draft_buf = vim.api.nvim_get_current_buf()
  check(vim.wait(T, function() return modelfit.client(draft_buf) ~= nil end, 20), 'not attached to blurb.prompt.md')
  local before = vim.api.nvim_buf_get_lines(draft_buf, 0, -1, false)
  vim.api.nvim_win_set_cursor(0, { #before, #before[#before] })
  local answered, answer, answer_err = false, nil, nil
  local client = modelfit.client(draft_buf)
  local offered = vim.tbl_get(client.server_capabilities, 'executeCommandProvider', 'commands') or {}
  check(vim.tbl_contains(offered, 'modelfit.draftInsert'),
    'the server does not offer modelfit.draftInsert (offered: ' .. vim.inspect(offered) .. ')')
  modelfit.execute('modelfit.draftInsert', { range = 0 }, function(err, result)
    answered, answer, answer_err = true, result, err
  end)
  check(vim.wait(240000, function() return answered end, 50), 'no answer to modelfit.draftInsert')
  R.draft_result = answer
  check(answer_err == nil, 'draftInsert failed: ' .. vim.inspect(answer_err))
  check(answer and answer.applied == true, 'draft not applied: ' .. vim.inspect(answer))
  local after = vim.api.nvim_buf_get_lines(draft_buf, 0, -1, false)
  R.drafted = vim.list_slice(after, #before + 1)
  check(table.concat(after, '\n'):find(table.concat(before, '\n'), 1, true) ~= nil or #after > #before,
    'the original text was lost')
  check(#table.concat(after, '\n') > #table.concat(before, '\n'), 'no text was inserted')
  mark('draft_inserted')
  check(vim.wait(5000, function()
    return vim.iter(R.progress):any(function(p) return p.kind == 'end' end)
  end, 20), 'no LspProgress begin/end for the draft: ' .. vim.inspect(R.progress))

  -- 4. :ModelfitShowReasoning after the draft, as a user types it. The server says in the draft's
  -- message whether it kept reasoning: then it opens in a scratch split; SmolLM2 usually streams
  -- none, and then the server's answer says so.
  check(vim.fn.exists(':ModelfitShowReasoning') == 2, ':ModelfitShowReasoning is not defined')
  local kept = (answer.message or ''):find('modelfit.showReasoning', 1, true) ~= nil
  local shown, real_notify = {}, vim.notify
  vim.notify = function(msg, ...) table.insert(shown, msg); return real_notify(msg, ...) end
  local windows = #vim.api.nvim_list_wins()
  vim.cmd('ModelfitShowReasoning')
  local ok = vim.wait(T, function()
    if kept then return #vim.api.nvim_list_wins() > windows end
    return vim.iter(shown):any(function(m) return m:find('no reasoning is kept for this document', 1, true) ~= nil end)
  end, 20)
  vim.notify = real_notify
  R.reasoning_kept, R.reasoning_messages = kept, shown
  check(ok, (kept and 'no reasoning split opened' or 'no "no reasoning is kept" message') .. ': ' .. vim.inspect(shown))
  if kept then
    local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
    check(vim.bo.buftype == 'nofile' and text ~= '', 'the reasoning split is empty')
    R.reasoning = text
    vim.cmd('close')
  end
  -- The document itself never holds the reasoning.
  check(#vim.api.nvim_buf_get_lines(draft_buf, 0, -1, false) == #after, 'showing the reasoning changed the document')
  mark('reasoning_shown')
  finish(0)
end

vim.api.nvim_create_autocmd('VimEnter', { once = true, callback = function()
  vim.schedule(function()
    local ok, err = pcall(run)
    if not ok then
      if type(err) == 'table' and err.check then return finish(1, err.check) end
      finish(2, 'lua error: ' .. tostring(err))
    end
  end)
end })
