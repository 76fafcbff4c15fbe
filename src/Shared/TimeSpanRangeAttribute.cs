using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace ImageChat;

/// <summary>
/// <see cref="RangeAttribute"/> for <see cref="TimeSpan"/> options, safe with trimming and native AOT:
/// <c>[Range(typeof(TimeSpan), …)]</c> converts its bounds through a <c>TypeConverter</c> found by reflection, which the
/// trimmer flags (IL2026) in packages marked <c>IsAotCompatible</c>. Same rule and same message as Range.
/// Compiled into each package that needs it (src/Shared).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
internal sealed class TimeSpanRangeAttribute(string minimum, string maximum) : ValidationAttribute("The field {0} must be between {1} and {2}.")
{
    /// <summary>Gets the shortest value allowed.</summary>
    public TimeSpan Minimum { get; } = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);

    /// <summary>Gets the longest value allowed.</summary>
    public TimeSpan Maximum { get; } = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override bool IsValid(object? value) => value is not TimeSpan time || (time >= Minimum && time <= Maximum);

    /// <inheritdoc />
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
