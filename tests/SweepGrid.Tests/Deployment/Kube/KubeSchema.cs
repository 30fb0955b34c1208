namespace SweepGrid.Tests.Deployment.Kube;

/// <summary>
/// Offline checks of rendered objects: what the API server's validation would reject (names, labels, ports,
/// one-of fields) and what it would accept but leave broken (selectors that match no pods, references to
/// objects or ports that do not exist).
/// </summary>
internal static class KubeSchema
{
    public const string Namespace = "sweepgrid";

    /// <param name="render">The objects to check.</param>
    /// <param name="context">Objects deployed separately that <paramref name="render"/> may refer to (e.g. the base's Secret).</param>
    public static List<string> Validate(Rendered render, IReadOnlyList<KubeObject>? context = null)
    {
        var problems = new List<string>();
        var known = render.Objects.Concat(context ?? []).ToList();
        foreach (var duplicate in render.Objects.GroupBy(o => o.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Key} is rendered {duplicate.Count()} times");
        }

        foreach (var o in render.Objects)
        {
            var at = o.Id;
            ValidateMetadata(o, problems);
            switch (o)
            {
                case Workload w:
                    ValidateWorkload(w, known, problems);
                    PodSchema.Validate(at, w.Template.Spec, known, problems);
                    break;
                case Service s:
                    ValidateService(s, render.Workloads.ToList(), problems);
                    break;
                case PodDisruptionBudget pdb:
                    if ((pdb.Spec.MinAvailable is null) == (pdb.Spec.MaxUnavailable is null))
                    {
                        problems.Add($"{at}: exactly one of minAvailable and maxUnavailable must be set");
                    }

                    RequireSelects(at, pdb.Spec.Selector, render.Workloads, problems);
                    break;
                case NetworkPolicy np:
                    ValidateNetworkPolicy(np, render.Workloads, problems);
                    break;
                case ServiceMonitor sm:
                    ValidateServiceMonitor(sm, known.OfType<Service>().ToList(), problems);
                    break;
                case ServiceAccount or Secret or ConfigMap or KubeNamespace:
                    break;
                default:
                    problems.Add($"{at}: no checks for this kind");
                    break;
            }
        }

        return problems;
    }

    private static void ValidateMetadata(KubeObject o, List<string> problems)
    {
        var name = o.Metadata.Name;
        var nameOk = o is KubeNamespace or Service ? KubeNames.IsDnsLabel(name) : KubeNames.IsDnsSubdomain(name);
        if (!nameOk)
        {
            problems.Add($"{o.Id}: '{name}' is not a valid {o.Kind} name");
        }

        if (o is KubeNamespace ? o.Metadata.Namespace is not null : o.Metadata.Namespace != Namespace)
        {
            problems.Add($"{o.Id}: namespace is '{o.Metadata.Namespace}', expected {(o is KubeNamespace ? "none" : Namespace)}");
        }

        ValidateLabels(o.Id, o.Metadata.Labels, problems);
        if (o is Workload w)
        {
            ValidateLabels($"{o.Id} pod template", w.Template.Metadata.Labels, problems);
        }
    }

    private static void ValidateLabels(string at, Dictionary<string, string>? labels, List<string> problems)
    {
        foreach (var (key, value) in labels ?? [])
        {
            if (!KubeNames.IsLabelKey(key) || !KubeNames.IsLabelValue(value))
            {
                problems.Add($"{at}: label {key}={value} is not a valid label");
            }
        }
    }

    private static void ValidateWorkload(Workload w, List<KubeObject> known, List<string> problems)
    {
        var labels = w.Template.Metadata.Labels;
        if (w.PodSelector is { } selector && (selector.MatchLabels is null or { Count: 0 } || !selector.Matches(labels)))
        {
            problems.Add($"{w.Id}: selector does not match its own pod template's labels");
        }

        if (w is StatefulSet s)
        {
            if (!known.OfType<Service>().Any(svc => svc.Metadata.Name == s.Spec.ServiceName && svc.Spec.ClusterIP == "None"))
            {
                problems.Add($"{w.Id}: serviceName '{s.Spec.ServiceName}' is not a headless Service in the render");
            }

            if (s.Spec.Replicas is < 1)
            {
                problems.Add($"{w.Id}: replicas must be at least 1");
            }

            foreach (var claim in s.Spec.VolumeClaimTemplates ?? [])
            {
                if (claim.Spec.AccessModes.Count == 0 || !Quantity.TryParse(claim.Spec.Resources.Requests?.GetValueOrDefault("storage"), out _))
                {
                    problems.Add($"{w.Id}: volume claim template {claim.Metadata.Name} needs access modes and a storage request");
                }
            }
        }

        if (w is Job j && w.Template.Spec.RestartPolicy is not ("Never" or "OnFailure"))
        {
            problems.Add($"{j.Id}: a Job's restartPolicy must be Never or OnFailure");
        }
    }

    private static void ValidateService(Service s, List<Workload> workloads, List<string> problems)
    {
        if (s.Spec.Ports.Count == 0)
        {
            problems.Add($"{s.Id}: no ports");
        }

        if (s.Spec.Ports.Count > 1 && s.Spec.Ports.Any(p => !KubeNames.IsPortName(p.Name)))
        {
            problems.Add($"{s.Id}: every port of a multi-port Service needs a valid name");
        }

        var pods = workloads.Where(w => new LabelSelector { MatchLabels = s.Spec.Selector }.Matches(w.Template.Metadata.Labels)).ToList();
        if (s.Spec.Selector is null or { Count: 0 } || pods.Count == 0)
        {
            problems.Add($"{s.Id}: selector matches no pod template in the render");
        }

        foreach (var port in s.Spec.Ports)
        {
            if (!KubeNames.IsPort(port.Port))
            {
                problems.Add($"{s.Id}: port {port.Port} is out of range");
            }

            var target = port.TargetPort ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            foreach (var pod in pods.Where(p => !PodSchema.ExposesPort(p.Template.Spec, target)))
            {
                problems.Add($"{s.Id}: targetPort {target} is not a container port of {pod.Id}");
            }
        }
    }

    private static void ValidateNetworkPolicy(NetworkPolicy np, IEnumerable<Workload> workloads, List<string> problems)
    {
        RequireSelects(np.Id, np.Spec.PodSelector, workloads, problems);
        if (np.Spec.PolicyTypes is null or { Count: 0 } || np.Spec.PolicyTypes.Any(t => t is not ("Ingress" or "Egress")))
        {
            problems.Add($"{np.Id}: policyTypes must list Ingress and/or Egress");
        }

        var ports = (np.Spec.Ingress ?? []).SelectMany(r => r.Ports ?? []).Concat((np.Spec.Egress ?? []).SelectMany(r => r.Ports ?? []));
        foreach (var port in ports)
        {
            if (port.Protocol is not (null or "TCP" or "UDP" or "SCTP")
                || (int.TryParse(port.Port, out var number) ? !KubeNames.IsPort(number) : !KubeNames.IsPortName(port.Port)))
            {
                problems.Add($"{np.Id}: port {port.Protocol}/{port.Port} is not valid");
            }
        }

        var peers = (np.Spec.Ingress ?? []).SelectMany(r => r.From ?? []).Concat((np.Spec.Egress ?? []).SelectMany(r => r.To ?? []));
        foreach (var peer in peers.Where(p => (p.IpBlock is null) == (p.PodSelector is null && p.NamespaceSelector is null)))
        {
            problems.Add($"{np.Id}: a peer is either an ipBlock or pod/namespace selectors");
        }
    }

    private static void ValidateServiceMonitor(ServiceMonitor sm, List<Service> services, List<string> problems)
    {
        var selected = services.Where(s => sm.Spec.Selector.Matches(s.Metadata.Labels)).ToList();
        if (selected.Count == 0)
        {
            problems.Add($"{sm.Id}: selector matches no Service");
        }

        foreach (var endpoint in sm.Spec.Endpoints)
        {
            if (!selected.All(s => s.Spec.Ports.Any(p => p.Name == endpoint.Port)) || endpoint.Path?.StartsWith('/') == false)
            {
                problems.Add($"{sm.Id}: endpoint port '{endpoint.Port}' path '{endpoint.Path}' is not a named port of every selected Service");
            }
        }
    }

    private static void RequireSelects(string at, LabelSelector selector, IEnumerable<Workload> workloads, List<string> problems)
    {
        if (selector.MatchLabels is { Count: > 0 } && !workloads.Any(w => selector.Matches(w.Template.Metadata.Labels)))
        {
            problems.Add($"{at}: selector matches no pod template in the render");
        }
    }
}
