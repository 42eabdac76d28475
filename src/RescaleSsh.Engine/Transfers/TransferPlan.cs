using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// What to copy where, worked out before anything is written so that progress knows the totals.
    /// Destination rules are Copy-Item's:
    /// a file copied to an existing folder goes into it under its own name, otherwise the destination is the new file's name;
    /// a folder copied to an existing folder is nested in it (dest/folder), to a name that does not exist it is created under that name;
    /// several sources need an existing folder as destination.
    /// Without -Recurse a folder is created empty, as Copy-Item does. -Include/-Exclude are predicates on leaf names
    /// (the cmdlet builds them from wildcards): -Include selects files, -Exclude drops files and whole folders.
    /// </summary>
    internal sealed class TransferPlan
    {
        private const int MaxDepth = 64;

        private readonly List<string> _folders = new List<string>();
        private readonly List<TransferItem> _files = new List<TransferItem>();
        private readonly List<RescaleSshException> _errors = new List<RescaleSshException>();

        /// <summary>Folders to create on the destination side, parents first.</summary>
        public IReadOnlyList<string> Folders => _folders;
        public IReadOnlyList<TransferItem> Files => _files;
        /// <summary>Per-source problems (bad names, unreadable folders); the rest of the plan stands.</summary>
        public IReadOnlyList<RescaleSshException> Errors => _errors;
        public long TotalBytes => _files.Sum(f => f.Length);

        public static TransferPlan Build(IFileTree source, IFileTree destination, IReadOnlyList<TreeEntry> sources, string destinationPath,
            bool recurse, Func<string, bool> include, Func<string, bool> exclude, CancellationToken cancellation)
        {
            var plan = new TransferPlan();
            var includes = include ?? (_ => true);
            var excludes = exclude ?? (_ => false);
            var target = destination.Stat(destinationPath);
            bool intoFolder = target != null && target.IsFolder;
            if (sources.Count > 1 && !intoFolder)
            {
                string why = target == null ? "does not exist" : "is a file";
                throw new RescaleSshException("DestinationNotAFolder", FailureCategory.InvalidArgument,
                    $"{sources.Count} items cannot be copied to '{destination.Display(destinationPath)}': it {why}. Name an existing folder as -Destination (create it first).",
                    destination.Display(destinationPath));
            }

            foreach (var entry in sources)
            {
                cancellation.ThrowIfCancellationRequested();
                if (entry.Kind == TreeEntryKind.Other)
                {
                    plan._errors.Add(NotAFile(source, entry));
                    continue;
                }
                if (excludes(entry.Name)) continue;
                string to;
                try
                {
                    to = intoFolder ? destination.Join(destinationPath, entry.Name) : destinationPath;
                }
                catch (RescaleSshException ex)
                {
                    plan._errors.Add(Rename(ex, source.Display(entry.Path)));
                    continue;
                }
                if (entry.IsFile)
                {
                    if (!includes(entry.Name)) continue;
                    plan.AddFile(source, destination, entry, to);
                    continue;
                }
                if (target != null && !target.IsFolder)
                {
                    plan._errors.Add(new RescaleSshException("DestinationIsFile", FailureCategory.ResourceExists,
                        $"The folder '{source.Display(entry.Path)}' cannot be copied to '{destination.Display(to)}': a file has that name. Name a folder, or a name that does not exist yet.",
                        source.Display(entry.Path)));
                    continue;
                }
                plan._folders.Add(to);
                if (recurse) plan.Walk(source, destination, entry.Path, to, includes, excludes, 1, cancellation);
            }
            return plan;
        }

        private void Walk(IFileTree source, IFileTree destination, string from, string to, Func<string, bool> includes,
            Func<string, bool> excludes, int depth, CancellationToken cancellation)
        {
            IReadOnlyList<TreeEntry> children;
            try
            {
                children = source.List(from, cancellation);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                _errors.Add(TransferFailure.Translate(ex, source.Display(from), "list the folder"));
                return;
            }
            foreach (var child in children)
            {
                cancellation.ThrowIfCancellationRequested();
                if (TransferItem.IsPartialName(child.Name)) continue;
                if (excludes(child.Name)) continue;
                if (child.Kind == TreeEntryKind.Other)
                {
                    _errors.Add(NotAFile(source, child));
                    continue;
                }
                if (child.IsFile && !includes(child.Name)) continue;
                string childTo;
                try
                {
                    childTo = destination.Join(to, child.Name);
                }
                catch (RescaleSshException ex)
                {
                    _errors.Add(Rename(ex, source.Display(child.Path)));
                    continue;
                }
                if (child.IsFile)
                {
                    AddFile(source, destination, child, childTo);
                }
                else if (depth >= MaxDepth)
                {
                    _errors.Add(new RescaleSshException("FolderTooDeep", FailureCategory.LimitsExceeded,
                        $"'{source.Display(child.Path)}' is nested more than {MaxDepth} folders deep (a link loop?); it was not copied.", source.Display(child.Path)));
                }
                else
                {
                    _folders.Add(childTo);
                    Walk(source, destination, child.Path, childTo, includes, excludes, depth + 1, cancellation);
                }
            }
        }

        private void AddFile(IFileTree source, IFileTree destination, TreeEntry entry, string to) =>
            _files.Add(new TransferItem(entry.Path, to, entry.Length, entry.LastWriteTimeUtc, source.Display(entry.Path), destination.Display(to)));

        private static RescaleSshException NotAFile(IFileTree source, TreeEntry entry) =>
            new RescaleSshException("NotAFile", FailureCategory.InvalidType,
                $"'{source.Display(entry.Path)}' is not a regular file or folder (a socket, device, FIFO or broken link); it was not copied.", source.Display(entry.Path));

        private static RescaleSshException Rename(RescaleSshException ex, string target) =>
            new RescaleSshException(ex.ErrorId, ex.Category, $"'{target}' was not copied. {ex.Message}", target, ex);

    }
}
