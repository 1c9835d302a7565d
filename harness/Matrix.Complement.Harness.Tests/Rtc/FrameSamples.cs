using Matrix.Complement.Harness.Rtc;

namespace Matrix.Complement.Harness.Tests.Rtc;

/// <summary>Frame shapes and keys for the frame-encryption tests: fixed-seed bytes, so a failure reproduces.</summary>
internal static class FrameSamples
{
    /// <summary>An Opus frame, a VP8 key frame, a VP8 delta frame and a VP9 frame.</summary>
    public static IEnumerable<TestCaseData> Shapes()
    {
        yield return new TestCaseData(Frame(MediaFrameKind.Audio, VideoCodec.Vp8, 61, seed: 1)).SetArgDisplayNames("opus");
        yield return new TestCaseData(Frame(MediaFrameKind.VideoKey, VideoCodec.Vp8, 1200, seed: 2)).SetArgDisplayNames("vp8-key");
        yield return new TestCaseData(Frame(MediaFrameKind.VideoDelta, VideoCodec.Vp8, 240, seed: 3)).SetArgDisplayNames("vp8-delta");
        yield return new TestCaseData(Frame(MediaFrameKind.VideoKey, VideoCodec.Vp9, 900, seed: 4)).SetArgDisplayNames("vp9-key");
    }

    /// <summary>A frame of <paramref name="length"/> fixed-seed bytes.</summary>
    public static MediaFrame Frame(MediaFrameKind kind, VideoCodec codec, int length, int seed) =>
        new(kind, Bytes(length, seed), Ssrc: 0x1234_5678u + (uint)seed, Timestamp: 90_000u * (uint)seed + 0xfff0_0000u, codec);

    /// <summary>Fixed-seed bytes.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>A 32-byte media key (MSC4195's minimum).</summary>
    public static byte[] Key(int seed) => Bytes(32, 1000 + seed);

    /// <summary>A 16-byte media key (what matrix-js-sdk generates today).</summary>
    public static byte[] ShortKey(int seed) => Bytes(16, 2000 + seed);
}
