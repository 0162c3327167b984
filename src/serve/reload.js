// The client side of live reload, injected into every page `serve` answers.
(()=>{
const key="broadsheet-scroll:"+location.pathname,saved=sessionStorage.getItem(key);
if(saved!==null){sessionStorage.removeItem(key);addEventListener("load",()=>scrollTo(0,+saved));}
const unhashed=u=>new URL(u,location.href).pathname.replace(/\.[0-9a-f]{8}\.css$/,".css");
const events=new EventSource("/__broadsheet/events");
const again=()=>{sessionStorage.setItem(key,String(scrollY));location.reload();};
// A rebuild patches the open page in place: only the elements that changed are
// replaced, so scroll and focus stay. A change to the head (other than the title
// and a stylesheet's hashed name) or to a script reloads the page.
const ours=e=>e.id==="broadsheet-overlay"||e.tagName==="SCRIPT";
const head=h=>[...h.children].filter(e=>e.tagName!=="TITLE").map(e=>e.matches("link[rel=stylesheet]")?unhashed(e.href):e.outerHTML).join("\n");
const attrs=(a,b)=>a.attributes.length===b.attributes.length&&[...b.attributes].every(x=>a.getAttribute(x.name)===x.value);
const morph=(a,b)=>{if(a.isEqualNode(b))return;const x=[...a.childNodes],y=[...b.childNodes];
if(!attrs(a,b)||x.length!==y.length||x.some((n,i)=>n.nodeName!==y[i].nodeName)){a.replaceWith(document.importNode(b,true));return;}
x.forEach((n,i)=>n.nodeType===1?morph(n,y[i]):n.isEqualNode(y[i])||n.replaceWith(document.importNode(y[i],true)));};
const patch=async()=>{const r=await fetch(location.href,{cache:"no-store"});if(!r.ok)throw r.status;
const next=new DOMParser().parseFromString(await r.text(),"text/html");
const x=[...document.body.children].filter(e=>!ours(e)),y=[...next.body.children].filter(e=>e.tagName!=="SCRIPT");
if(head(next.head)!==head(document.head)||!attrs(document.documentElement,next.documentElement)||!attrs(document.body,next.body)||x.length!==y.length||y.some(e=>e.querySelector("script")))throw "reload";
document.title=next.title;x.forEach((e,i)=>morph(e,y[i]));dispatchEvent(new Event("broadsheet:patched"));};
let queue=Promise.resolve();
events.addEventListener("reload",()=>{queue=queue.then(patch).catch(again);});
// The translation desk reads the files, so a save that leaves the site as it was (a translation record) changes it.
events.addEventListener("checked",()=>{if(location.pathname.startsWith("/__broadsheet/translate/"))again();});
events.addEventListener("css",e=>{for(const l of document.querySelectorAll("link[rel=stylesheet]"))if(unhashed(l.href)===unhashed(e.data))l.href=e.data;});
events.addEventListener("error",e=>{if(typeof e.data!=="string")return;let o=document.getElementById("broadsheet-overlay");
if(!o){o=document.createElement("div");o.id="broadsheet-overlay";o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;background:#1e1010;color:#fff;border-top:4px solid #e5484d";o.append(document.createElement("pre"));document.body.append(o);}
const pre=o.firstChild;pre.style.cssText="margin:0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace";
pre.textContent="broadsheet could not rebuild the site; this page shows the last good build.\n\n"+JSON.parse(e.data).map(d=>d.text).join("\n");});
events.addEventListener("ok",()=>document.getElementById("broadsheet-overlay")?.remove());
})();
