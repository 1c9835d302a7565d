namespace Matrix.Complement.Harness.Rtc;

/// <summary>The kind of an encoded media frame, which decides how many leading bytes stay in clear.</summary>
public enum MediaFrameKind
{
    /// <summary>An Opus audio frame: 1 byte (the TOC byte) in clear.</summary>
    Audio,

    /// <summary>A video key frame: 10 bytes in clear for VP8.</summary>
    VideoKey,

    /// <summary>A video delta frame: 3 bytes in clear for VP8.</summary>
    VideoDelta,
}
