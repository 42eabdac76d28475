using RescaleSsh.Commands;
using Xunit;

namespace RescaleSsh.Tests.Newcomer
{
    /// <summary>
    /// SSH.NET reports an upload's progress from the thread pool, so a report can arrive after Copy-RescaleItem ended
    /// and let its pipeline go; an exception there would end the PowerShell process (a CI run's test host died so).
    /// </summary>
    public class LateProgressTests
    {
        [Fact]
        public void A_progress_report_after_the_command_ended_is_dropped_without_an_exception()
        {
            int written = 0;
            var pipeline = new ConcurrentPipeline(1);
            var due = TransferProgressWriter.DueOn(pipeline, () => written++);
            pipeline.Dispose();

            due();
            TransferProgressWriter.DueOn(null, () => written++)();

            Assert.Equal(0, written);
        }
    }
}
