using System.Diagnostics;

namespace Vodozemac.Net.Tests;

/// <summary>
/// Every string and buffer the shim hands out is freed: after a warm-up (allocator and GC settle within a few
/// thousand round trips), many more round trips with 4 KiB payloads keep the anonymous resident set flat. A leak of
/// the ciphertext or of the plaintext would grow it by 24 MiB or more (the bound is 16 MiB).
/// </summary>
[NonParallelizable]
public sealed class LeakTests
{
    private const int WarmUp = 8_000;
    private const int RoundTrips = 8_000;
    private const long AllowedGrowth = 16L * 1024 * 1024;

    [Test]
    public void Megolm_round_trips_do_not_leak_native_memory()
    {
        using var outbound = new GroupSession();
        using var inbound = new InboundGroupSession(outbound.SessionKey);
        var plaintext = new string('x', 4096);
        RoundTrip(WarmUp);
        var before = ResidentBytes();
        RoundTrip(RoundTrips);
        var growth = ResidentBytes() - before;
        Assert.That(growth, Is.LessThan(AllowedGrowth), $"resident set grew by {growth / 1024} KiB");

        void RoundTrip(int count)
        {
            for (var i = 0; i < count; i++)
                _ = inbound.Decrypt(outbound.Encrypt(plaintext)).Plaintext.Length;
        }
    }

    [Test]
    public void Olm_objects_and_round_trips_do_not_leak_native_memory()
    {
        using var alice = new Account();
        using var bob = new Account();
        bob.GenerateOneTimeKeys(1);
        using var aliceSession = alice.CreateOutboundSession(bob.Curve25519Key, bob.OneTimeKeys.Single().Value);
        using var bobSession = bob.CreateInboundSession(alice.Curve25519Key, aliceSession.Encrypt("hi")).Session;
        var plaintext = new string('y', 4096);
        RoundTrip(WarmUp / 4);
        var before = ResidentBytes();
        RoundTrip(RoundTrips * 3 / 8);
        var growth = ResidentBytes() - before;
        Assert.That(growth, Is.LessThan(AllowedGrowth), $"resident set grew by {growth / 1024} KiB");

        void RoundTrip(int count)
        {
            for (var i = 0; i < count; i++)
            {
                _ = bobSession.Decrypt(aliceSession.Encrypt(plaintext));
                _ = aliceSession.Decrypt(bobSession.Encrypt(plaintext));
                using var account = new Account();   // handles are freed on dispose
                _ = account.Sign(plaintext);
                _ = account.IdentityKeys;
            }
        }
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        // RssAnon: heap pages only, not mapped files (assemblies, JIT-ed code) that come and go on their own.
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("RssAnon:", StringComparison.Ordinal));
        if (line is null)
        {
            using var process = Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
