"""Every rule's class, in the order they run (importing this imports libcst and all
the rules: a run that parses no file never does)."""

from __future__ import annotations

from codemods._base import Rule
from codemods.common_base import CommonBase
from codemods.config_attributes import ConfigAttributes
from codemods.context_stacks import ContextStacks
from codemods.deferred_hooks import DeferredHooks
from codemods.dotted_names import DottedNames
from codemods.endpoint_helper import EndpointHelper
from codemods.endpoint_names import EndpointNames
from codemods.factory_script_info import FactoryScriptInfo
from codemods.json_provider import JsonProvider
from codemods.moved_names import MovedNames
from codemods.package_bound_object import PackageBoundObject
from codemods.private_app_api import PrivateAppApi
from codemods.register_signature import RegisterSignature
from codemods.registration_lifecycle import RegistrationLifecycle
from codemods.removed_helpers import RemovedHelpers
from codemods.send_file_keywords import SendFileKeywords

RULES: tuple[type[Rule], ...] = (
    DeferredHooks,
    RegisterSignature,
    EndpointHelper,
    PackageBoundObject,
    CommonBase,
    MovedNames,
    PrivateAppApi,
    SendFileKeywords,
    RemovedHelpers,
    ContextStacks,
    ConfigAttributes,
    JsonProvider,
    FactoryScriptInfo,
    RegistrationLifecycle,
    EndpointNames,
    DottedNames,
)
