namespace RescaleSsh
{
    /// <summary>
    /// <see cref="DisplayText.Visible"/> for the format file's script blocks (RescaleSsh.format.ps1xml): device-sourced
    /// text in a view shows control characters escaped, while the objects keep the true text.
    /// </summary>
    public static class DisplayTextView
    {
        public static string Visible(string text) => DisplayText.Visible(text);
    }
}
