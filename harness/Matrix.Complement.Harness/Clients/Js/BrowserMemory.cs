namespace Matrix.Complement.Harness.Clients.Js;

/// <summary>Proportional set size of a browser's process tree, from <c>/proc/&lt;pid&gt;/smaps_rollup</c>.</summary>
internal static class BrowserMemory
{
    /// <summary>PSS in MiB of the process whose command line carries <paramref name="marker"/> and all its descendants.</summary>
    public static double PssMiB(string marker)
    {
        var parents = new Dictionary<int, int>();
        int? root = null;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
                if (root is null && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                    root = pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }
        if (root is null) throw new InvalidOperationException($"no browser process carries {marker}");
        var tree = new HashSet<int> { root.Value };
        for (var grown = true; grown;)
        {
            grown = false;
            foreach (var (pid, parent) in parents)
                if (tree.Contains(parent) && tree.Add(pid)) grown = true;
        }
        double kib = 0;
        foreach (var pid in tree)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/smaps_rollup").FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal));
                if (line is not null)
                    kib += double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the process ended while we looked
            }
        }
        return kib / 1024;
    }
}
