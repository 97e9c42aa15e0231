# The az contract suite's one client-side workaround (see CLIENT_WORKAROUNDS in ../az-harness.ts).
# Debian's azure-cli 2.45 sets compute api-version 2022-11-01 as the default of its 'latest' profile, but the
# packaged azure-mgmt-compute has no v2022_11_01 module, so `az image create`, `az vmss ...` and `az vm ...` fail
# in the client before any request ("API version 2022-11-01 does not have operation group 'virtual_machines'").
# Point those operation groups at 2022-08-01, the newest compute version the package ships. Loaded through
# PYTHONPATH as sitecustomize, only in the az processes the harness starts; the emulator is not involved.
import importlib.util

try:
    from azure.cli.core.profiles import _shared

    compute = _shared.AZURE_API_PROFILES['latest'][_shared.ResourceType.MGMT_COMPUTE]
    missing = importlib.util.find_spec('azure.mgmt.compute.v2022_11_01') is None
    if missing and compute.profile.get(None) == '2022-11-01':
        compute.profile[None] = '2022-08-01'
        compute.profile['virtual_machine_scale_sets'] = '2022-08-01'
except ImportError:
    pass
