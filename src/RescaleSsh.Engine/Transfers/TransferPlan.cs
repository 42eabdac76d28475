using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace RescaleSsh.Transfers
{
    /// <summary>
    /// What to copy where, worked out before anything is written or asked, so that progress knows the totals and
    /// -WhatIf says what the run would really do. Destination rules are Copy-Item's:
    /// a file copied to an existing folder goes into it under its own name, otherwise the destination is the new file's name;
    /// a folder copied to an existing folder is nested in it (dest/folder), to a name that does not exist it is created under that name;
    /// several sources need an existing folder as destination; a destination written with a trailing '/' is a folder
    /// (created when missing). Without -Recurse a folder is created empty, as Copy-Item does. -Include/-Exclude are
    /// predicates on leaf names: -Include selects files, -Exclude drops files and whole folders. With -Update, files the
    /// destination already holds are marked up to date. Link loops are skipped with a warning, and the whole walk is
    /// bounded by <see cref="PlanBudget"/>.
    /// </summary>
    internal sealed class TransferPlan
    {
        private const int MaxDepth = 64;

        private readonly List<PlannedFolder> _folders = new List<PlannedFolder>();
        private readonly List<TransferItem> _files = new List<TransferItem>();
        private readonly List<RescaleSshException> _errors = new List<RescaleSshException>();
        private readonly List<string> _warnings = new List<string>();
        private readonly LoopGuard _loops = new LoopGuard();
        private IFileTree _source;
        private IFileTree _destination;
        private CopyRequest _request;
        private DestinationIndex _index;
        private PlanBudget _budget;
        private Func<string, bool> _includes;
        private Func<string, bool> _excludes;
        private CancellationToken _cancellation;

        /// <summary>Folders on the destination side, parents first.</summary>
        public IReadOnlyList<PlannedFolder> Folders => _folders;
        public IReadOnlyList<TransferItem> Files => _files;
        /// <summary>Per-source problems (bad names, unreadable folders); the rest of the plan stands.</summary>
        public IReadOnlyList<RescaleSshException> Errors => _errors;
        /// <summary>Link loops skipped, one line each.</summary>
        public IReadOnlyList<string> Warnings => _warnings;
        public long TotalBytes => _files.Sum(f => f.Length);

        public static TransferPlan Build(IFileTree source, IFileTree destination, IReadOnlyList<TreeEntry> sources, string destinationPath,
            CopyRequest request, CancellationToken cancellation)
        {
            var budget = new PlanBudget(request.MaxEntries);
            var plan = new TransferPlan
            {
                _source = source,
                _destination = destination,
                _request = request,
                _budget = budget,
                _index = new DestinationIndex(destination, budget, cancellation),
                _includes = request.Include ?? (_ => true),
                _excludes = request.Exclude ?? (_ => false),
                _cancellation = cancellation,
            };
            budget.Take(sources.Count, destination.Display(destinationPath));
            plan.Start(sources, destinationPath);
            return plan;
        }

        private void Start(IReadOnlyList<TreeEntry> sources, string destinationPath)
        {
            var target = _destination.Stat(destinationPath);
            bool intoFolder = target != null && target.IsFolder;
            if (target == null && _request.DestinationIsFolder)
            {
                _folders.Add(new PlannedFolder(destinationPath, exists: false));
                intoFolder = true;
            }
            if ((sources.Count > 1 || _request.DestinationIsFolder) && !intoFolder)
            {
                string why = target == null ? "does not exist" : "is a file";
                string shown = DisplayText.Visible(_destination.Display(destinationPath));
                throw new RescaleSshException("DestinationNotAFolder", FailureCategory.InvalidArgument,
                    sources.Count > 1
                        ? $"{sources.Count} items cannot be copied to '{shown}': it {why}. Name an existing folder as -Destination (or end it with '/' to create it)."
                        : $"'{shown}' ends with '/', so it names a folder, but it {why}. Name a folder, or drop the '/' to write the file under that name.",
                    _destination.Display(destinationPath));
            }
            bool destinationExists = target != null;

            foreach (var entry in sources)
            {
                _cancellation.ThrowIfCancellationRequested();
                if (entry.Kind == TreeEntryKind.Other)
                {
                    _errors.Add(NotAFile(entry));
                    continue;
                }
                if (_excludes(entry.Name)) continue;
                string to;
                try
                {
                    to = intoFolder ? _destination.Join(destinationPath, entry.Name) : destinationPath;
                }
                catch (RescaleSshException ex)
                {
                    _errors.Add(Rename(ex, _source.Display(entry.Path)));
                    continue;
                }
                if (entry.IsFile)
                {
                    if (!_includes(entry.Name)) continue;
                    var existing = !_request.Options.Update || !destinationExists ? null
                        : intoFolder ? _index.Find(destinationPath, entry.Name) : _destination.Look(destinationPath);
                    AddFile(entry, to, existing);
                    continue;
                }
                if (target != null && !target.IsFolder)
                {
                    _errors.Add(new RescaleSshException("DestinationIsFile", FailureCategory.ResourceExists,
                        $"The folder '{Shown(_source.Display(entry.Path))}' cannot be copied to '{Shown(_destination.Display(to))}': a file has that name. Name a folder, or a name that does not exist yet.",
                        _source.Display(entry.Path)));
                    continue;
                }
                bool exists = intoFolder ? destinationExists && IsFolder(_index.Find(destinationPath, entry.Name)) : destinationExists;
                string identity = _request.Recurse ? _source.Identity(entry, null) : null;
                _folders.Add(new PlannedFolder(to, exists));
                if (!_request.Recurse) continue;
                _loops.TryEnter(identity, _source.Display(entry.Path));
                Walk(entry.Path, identity, to, exists, 1);
                _loops.Leave(identity);
            }
        }

        private void Walk(string from, string fromIdentity, string to, bool toExists, int depth)
        {
            IReadOnlyList<TreeEntry> children;
            try
            {
                children = _source.List(from, _budget.Remaining, _cancellation);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException) && !(ex is RescaleSshException))
            {
                _errors.Add(TransferFailure.Translate(ex, _source.Display(from), "list the folder"));
                return;
            }
            _budget.Take(children.Count, _source.Display(from));
            foreach (var child in children)
            {
                _cancellation.ThrowIfCancellationRequested();
                if (!RemoteTree.IsFileName(child.Name))
                {
                    _errors.Add(new RescaleSshException("InvalidRemoteName", FailureCategory.InvalidData,
                        $"The device listed a name that cannot be a file name ('{Shown(child.Name)}' holds '/' or NUL) in '{Shown(_source.Display(from))}'; it was skipped.",
                        _source.Display(from)));
                    continue;
                }
                if (TransferItem.IsPartialName(child.Name)) continue;
                if (_excludes(child.Name)) continue;
                if (child.Kind == TreeEntryKind.Other)
                {
                    _errors.Add(NotAFile(child));
                    continue;
                }
                if (child.IsFile && !_includes(child.Name)) continue;
                string childTo;
                try
                {
                    childTo = _destination.Join(to, child.Name);
                }
                catch (RescaleSshException ex)
                {
                    _errors.Add(Rename(ex, _source.Display(child.Path)));
                    continue;
                }
                if (child.IsFile)
                {
                    AddFile(child, childTo, _request.Options.Update && toExists ? _index.Find(to, child.Name) : null);
                }
                else if (depth >= MaxDepth)
                {
                    _errors.Add(new RescaleSshException("FolderTooDeep", FailureCategory.LimitsExceeded,
                        $"'{Shown(_source.Display(child.Path))}' is nested more than {MaxDepth} folders deep; it was not copied.", _source.Display(child.Path)));
                }
                else
                {
                    WalkInto(child, fromIdentity, childTo, toExists && IsFolder(_index.Find(to, child.Name)), depth);
                }
            }
            _index.Forget(to);
        }

        private void WalkInto(TreeEntry folder, string parentIdentity, string to, bool exists, int depth)
        {
            string identity = _source.Identity(folder, parentIdentity);
            if (!_loops.TryEnter(identity, _source.Display(folder.Path)))
            {
                string link = (parentIdentity ?? "") + "/" + folder.Name;
                if (_loops.FirstReport(link))
                {
                    _warnings.Add($"Skipped '{Shown(_source.Display(folder.Path))}': it leads back to '{Shown(_loops.AncestorDisplay(identity))}', " +
                                  "which is being copied already (a link loop); following it would copy the same files again without end.");
                }
                return;
            }
            _folders.Add(new PlannedFolder(to, exists));
            Walk(folder.Path, identity, to, exists, depth + 1);
            _loops.Leave(identity);
        }

        private static bool IsFolder(TreeEntry existing) => existing != null && (existing.IsFolder || existing.IsLink);

        private void AddFile(TreeEntry entry, string to, TreeEntry existing) =>
            _files.Add(new TransferItem(entry.Path, to, entry.Length, entry.LastWriteTimeUtc, _source.Display(entry.Path), _destination.Display(to),
                DestinationIndex.IsUpToDate(existing, entry)));

        private static string Shown(string text) => DisplayText.Visible(text);

        private RescaleSshException NotAFile(TreeEntry entry) =>
            new RescaleSshException("NotAFile", FailureCategory.InvalidType,
                $"'{Shown(_source.Display(entry.Path))}' is not a regular file or folder (a socket, device, FIFO or broken link); it was not copied.", _source.Display(entry.Path));

        private static RescaleSshException Rename(RescaleSshException ex, string target) =>
            new RescaleSshException(ex.ErrorId, ex.Category, $"'{Shown(target)}' was not copied. {ex.Message}", target, ex);
    }
}
