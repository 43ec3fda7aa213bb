using BenchmarkDotNet.Running;
using ConsularHelpdesk.Benchmarks;

// `webhook-load [requests] [concurrency]` measures the webhook end to end; `inbox-load [conversations]` the triage
// list and its polls over one post's history; `media-load [requests] [concurrency] [image %] [photo KB]` the webhook's answers with
// a share of photos being downloaded beside them, against texts only; anything else goes to BenchmarkDotNet.
return args switch
{
    ["webhook-load", ..] => await WebhookLoad.RunAsync(args[1..]),
    ["inbox-load", ..] => await InboxLoad.RunAsync(args[1..]),
    ["media-load", ..] => await MediaLoad.RunAsync(args[1..]),
    _ => RunMicro(args),
};

static int RunMicro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(WebhookLoad).Assembly).Run(args);
    return 0;
}
