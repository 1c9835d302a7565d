namespace Matrix.Complement.Harness.Rtc;

/// <summary>
/// An encoded media frame as a LiveKit frame cryptor sees it: its bytes, its kind (and codec for video), the RTP
/// synchronisation source and the RTP timestamp (both go into the IV).
/// </summary>
/// <param name="Kind">Audio, video key frame or video delta frame.</param>
/// <param name="Data">The encoded (or encrypted) bytes.</param>
/// <param name="Ssrc">RTP synchronisation source.</param>
/// <param name="Timestamp">RTP timestamp.</param>
/// <param name="Codec">Video codec; ignored for audio.</param>
public sealed record MediaFrame(MediaFrameKind Kind, ReadOnlyMemory<byte> Data, uint Ssrc, uint Timestamp,
    VideoCodec Codec = VideoCodec.Vp8)
{
    /// <summary>The same frame with other bytes (e.g. the encrypted form).</summary>
    public MediaFrame WithData(ReadOnlyMemory<byte> data) => this with { Data = data };

    /// <summary>Leading bytes that stay in clear and are authenticated as AES-GCM additional data.</summary>
    public int UnencryptedBytes => Kind switch
    {
        MediaFrameKind.Audio => 1,
        _ when Codec == VideoCodec.Vp9 => 0,
        MediaFrameKind.VideoKey => 10,
        _ => 3,
    };
}
