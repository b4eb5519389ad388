using System.Globalization;

namespace TurtleHarbor.Core.Config;

/// <summary>Sizes for people: 512B, 12.3K, 612.0M, 1.5G (1K = 1024 bytes, as <see cref="ByteSizes"/> reads them).</summary>
internal static class HumanBytes
{
    private static readonly string[] Units = ["K", "M", "G", "T"];

    /// <param name="bytes">A size in bytes, 0 or more.</param>
    /// <param name="wholeWithoutDecimal">Print an exact multiple without ".0" (a limit as written: 512M).</param>
    public static string Format(long bytes, bool wholeWithoutDecimal = false)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + "B";
        }

        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        var whole = wholeWithoutDecimal && value == Math.Floor(value);
        return value.ToString(whole ? "0" : "0.0", CultureInfo.InvariantCulture) + Units[unit];
    }
}
