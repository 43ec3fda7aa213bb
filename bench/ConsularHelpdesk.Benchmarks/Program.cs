using BenchmarkDotNet.Running;
using ConsularHelpdesk.Benchmarks;

// `webhook-load [requests] [concurrency]` measures the webhook end to end; anything else goes to BenchmarkDotNet.
return args is ["webhook-load", ..]
    ? await WebhookLoad.RunAsync(args[1..])
    : RunMicro(args);

static int RunMicro(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(WebhookLoad).Assembly).Run(args);
    return 0;
}
