using System.Runtime;
using System.Text.Json;

#pragma warning disable CA1050 // The runtime finds a startup hook only as a type named StartupHook outside any namespace.

/// <summary>
/// Answers heap questions for the benchmark: polls <c>$MCPB_HEAP_PROBE_DIR/request</c> on a background thread and, for
/// each request, collects garbage fully and writes <c>answer.json</c>. Without the variable it does nothing.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        var folder = Environment.GetEnvironmentVariable("MCPB_HEAP_PROBE_DIR");
        if (string.IsNullOrEmpty(folder))
        {
            return;
        }

        var thread = new Thread(() => Poll(folder)) { IsBackground = true, Name = "bench heap probe" };
        thread.Start();
    }

    private static void Poll(string folder)
    {
        var request = Path.Combine(folder, "request");
        var answer = Path.Combine(folder, "answer.json");
        while (true)
        {
            Thread.Sleep(100);
            if (!File.Exists(request))
            {
                continue;
            }

            File.Delete(request);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
            var figures = new Dictionary<string, long>
            {
                ["managed_live_bytes"] = GC.GetTotalMemory(forceFullCollection: false),
                ["heap_size_bytes"] = info.HeapSizeBytes,
                ["committed_bytes"] = info.TotalCommittedBytes,
                ["fragmented_bytes"] = info.FragmentedBytes,
                ["server_gc"] = GCSettings.IsServerGC ? 1 : 0,
                ["time_unix_ms"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            };
            var temporary = answer + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(figures));
            File.Move(temporary, answer, overwrite: true);
        }
    }
}
