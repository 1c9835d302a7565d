namespace Matrix.Complement.Harness.Rtc;

/// <summary>Video codecs whose frame layout <see cref="FrameCryptor"/> knows.</summary>
public enum VideoCodec
{
    /// <summary>VP8: 10 (key) or 3 (delta) bytes of payload header in clear.</summary>
    Vp8,

    /// <summary>VP9: nothing in clear.</summary>
    Vp9,
}
