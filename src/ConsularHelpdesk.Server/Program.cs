using ConsularHelpdesk.Server.Cli;

return await HelpdeskCommands.Create().Parse(args).InvokeAsync();
