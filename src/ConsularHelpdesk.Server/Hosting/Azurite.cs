using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ConsularHelpdesk.Server.Hosting;

/// <summary>
/// A running Azurite (the Azure Storage emulator pinned in package.json), started from the repository's
/// node_modules. Used by the self-host when no storage is configured, and by the tests.
/// </summary>
internal sealed class Azurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string? _location;
    private Process? _process;

    private Azurite(int blobPort, int queuePort, int tablePort, string? location)
    {
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _location = location;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;";

    /// <summary>True when something already listens on Azurite's default ports.</summary>
    public static bool DefaultPortsInUse() => IsListening(10000) || IsListening(10001) || IsListening(10002);

    /// <summary>Starts Azurite on the default ports with data under <paramref name="location"/>.</summary>
    public static Task<Azurite> StartDefaultAsync(string location, CancellationToken cancellationToken) =>
        StartAsync(10000, 10001, 10002, location, cancellationToken);

    /// <summary>Starts Azurite on free loopback ports; in memory unless a <paramref name="location"/> is given.</summary>
    public static Task<Azurite> StartOnFreePortsAsync(string? location, CancellationToken cancellationToken) =>
        StartAsync(FreePort(), FreePort(), FreePort(), location, cancellationToken);

    public static async Task<Azurite> StartAsync(int blobPort, int queuePort, int tablePort, string? location, CancellationToken cancellationToken)
    {
        var azurite = new Azurite(blobPort, queuePort, tablePort, location);
        await azurite.StartAsync(cancellationToken);
        return azurite;
    }

    /// <summary>Starts the process again on the same ports (and the same data folder): storage coming back after an outage.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await RunNpmCiAsync(root, cancellationToken);
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (_location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(_location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(_location);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(IsListening(BlobPort) && IsListening(QueuePort) && IsListening(TablePort)))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} at start (are ports {BlobPort}-{TablePort} free? is Node.js installed?).");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Azurite did not listen within 30 seconds.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Stops the process (storage outage); the data folder, if any, stays.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            // SIGTERM first: Azurite then writes its metadata (queues, tables) to disk, as a real shutdown would.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        _process?.Dispose();
        _process = null;
        while (IsListening(QueuePort))
        {
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static async Task RunNpmCiAsync(string root, CancellationToken cancellationToken)
    {
        var npm = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            npm.ArgumentList.Add(arg);
        }

        using var process = Process.Start(npm) ?? throw new InvalidOperationException("Could not start npm.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'npm ci' failed with exit code {process.ExitCode} in {root}.");
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
