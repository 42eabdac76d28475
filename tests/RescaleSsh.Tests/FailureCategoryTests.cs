using System;
using System.Management.Automation;
using RescaleSsh.Commands;
using Xunit;

namespace RescaleSsh.Tests
{
    /// <summary>The engine's FailureCategory reaches PowerShell as the ErrorCategory of the same name (one map, in the module).</summary>
    public class FailureCategoryTests
    {
        [Fact]
        public void Every_failure_category_becomes_the_error_category_of_the_same_name()
        {
            foreach (FailureCategory category in Enum.GetValues(typeof(FailureCategory)))
            {
                Assert.Equal(category.ToString(), FailureRecords.Map(category).ToString());
            }
        }

        [Fact]
        public void An_engine_failure_keeps_its_id_category_and_target_in_the_error_record()
        {
            var failure = new RescaleSshException("HostKeyChanged", FailureCategory.SecurityError, "changed", "dev");
            var record = FailureRecords.For(failure, "fallback");
            Assert.Equal("HostKeyChanged", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.SecurityError, record.CategoryInfo.Category);
            Assert.Equal("dev", record.TargetObject);
        }

        [Fact]
        public void An_exception_no_engine_code_translated_still_gets_one_of_the_translator_ids()
        {
            var record = FailureRecords.For(new UnauthorizedAccessException("denied"), "/tmp/x");
            Assert.Equal("PermissionDenied", record.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.PermissionDenied, record.CategoryInfo.Category);
        }
    }
}
